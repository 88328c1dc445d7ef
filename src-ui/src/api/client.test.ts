import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from './types';

const SESSION: Me = {
  name: 'ada',
  role: 'member',
  via: 'session',
  csrf: 'c5rf',
  hasPassword: true,
};

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
}

/** A fake server: answers by "METHOD path"; records every request. */
function serve(answers: Record<string, () => Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    calls.push({
      url,
      method,
      headers: init.headers as Record<string, string>,
      credentials: init.credentials,
    });
    const answer = answers[`${method} ${url}`] as (() => Response) | undefined;
    return Promise.resolve(answer ? answer() : json(404, { error: `no ${url}` }));
  });
  return calls;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers });
}

/** A fresh client: its session lives in module state. */
async function client() {
  vi.resetModules();
  return import('./client');
}

beforeEach(() => vi.stubGlobal('location', { hash: '#/history?q=cfg' }));
afterEach(() => vi.unstubAllGlobals());

describe('the csrf header', () => {
  it('goes with every write once signed in, never with a read, and cookies always go', async () => {
    const calls = serve({
      'POST /api/session': () => json(200, SESSION),
      'GET /api/tokens': () => json(200, []),
      'POST /api/tokens': () => json(201, { id: 't', name: 'laptop', token: 'glt_x' }),
      'DELETE /api/tokens/t': () => new Response(null, { status: 204 }),
      'PATCH /api/users/bob': () => json(200, { name: 'bob', role: 'viewer' }),
    });
    const { api, CSRF_HEADER } = await client();
    await api.signIn({ name: 'ada', password: 'correct horse' });
    await api.tokens();
    await api.createToken('laptop');
    await api.revokeToken('t');
    await api.patchUser('bob', { role: 'viewer' });

    expect(calls.map((c) => [c.method, c.headers[CSRF_HEADER]])).toEqual([
      ['POST', undefined],
      ['GET', undefined],
      ['POST', 'c5rf'],
      ['DELETE', 'c5rf'],
      ['PATCH', 'c5rf'],
    ]);
    expect(calls.every((c) => c.credentials === 'same-origin')).toBe(true);
  });

  it('is fetched from GET /api/me before the first write after a reload', async () => {
    const calls = serve({
      'GET /api/me': () => json(200, SESSION),
      'POST /api/experiments/validate': () => json(200, { points: [] }),
    });
    const { api, CSRF_HEADER } = await client();
    await Promise.all([api.validate({}), api.validate({})]);

    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/me',
      'POST /api/experiments/validate',
      'POST /api/experiments/validate',
    ]);
    expect(calls[1].headers[CSRF_HEADER]).toBe('c5rf');
  });

  it('is left out when accounts are off (no csrf value)', async () => {
    const calls = serve({
      'GET /api/me': () => json(200, { ...SESSION, name: 'admin', via: 'local', csrf: null }),
      'POST /api/experiments/validate': () => json(200, { points: [] }),
    });
    const { api, CSRF_HEADER } = await client();
    await api.validate({});
    expect(CSRF_HEADER in calls[1].headers).toBe(false);
  });

  it('is forgotten at sign-out', async () => {
    serve({
      'POST /api/session': () => json(200, SESSION),
      'DELETE /api/session': () => new Response(null, { status: 204 }),
    });
    const { api, onSessionChange } = await client();
    const seen: (string | null)[] = [];
    onSessionChange((me) => seen.push(me?.name ?? null));
    await api.signIn({ code: 'once' });
    await api.signOut();
    expect(seen).toEqual(['ada', null]);
  });
});

describe('a 401', () => {
  it('sends the user to sign in, to come back to the page they were on', async () => {
    serve({ 'GET /api/experiments': () => json(401, { error: 'sign in' }) });
    const { api, ApiRequestError } = await client();
    await expect(api.experiments()).rejects.toBeInstanceOf(ApiRequestError);
    expect(location.hash).toBe(`#/sign-in?next=${encodeURIComponent('#/history?q=cfg')}`);
  });

  it('from signing in is a wrong password: the message shows, the page stays', async () => {
    serve({ 'POST /api/session': () => json(401, { error: 'wrong name or password' }) });
    location.hash = '#/sign-in?next=%23%2Fhistory';
    const { api } = await client();
    await expect(api.signIn({ name: 'ada', password: 'nope' })).rejects.toThrow(
      'wrong name or password',
    );
    expect(location.hash).toBe('#/sign-in?next=%23%2Fhistory');
  });

  it('forgets who was signed in', async () => {
    serve({
      'POST /api/session': () => json(200, SESSION),
      'GET /api/tokens': () => json(401, { error: 'sign in' }),
    });
    const { api, onSessionChange } = await client();
    await api.signIn({ name: 'ada', password: 'correct horse' });
    const seen: (Me | null)[] = [];
    onSessionChange((me) => seen.push(me));
    await expect(api.tokens()).rejects.toThrow('sign in');
    expect(seen).toEqual([null]);
  });
});

describe('errors', () => {
  it('keep the server’s message and violations, and a 429’s Retry-After', async () => {
    serve({
      'POST /api/users': () =>
        json(400, { error: 'invalid', violations: [{ field: 'name', message: 'taken' }] }),
      'POST /api/session': () => json(429, { error: 'slow down' }, { 'Retry-After': '30' }),
    });
    const { api } = await client();
    await expect(api.createUser({ name: 'ada', role: 'member' })).rejects.toMatchObject({
      status: 400,
      message: 'invalid',
      violations: [{ field: 'name', message: 'taken' }],
    });
    await expect(api.signIn({ name: 'ada', password: 'x' })).rejects.toMatchObject({
      status: 429,
      retryAfter: 30,
    });
  });
});

describe('signInHash', () => {
  it('leads to sign-in with the current page as next, unless already there', async () => {
    const { signInHash } = await client();
    expect(signInHash('#/experiments/abc')).toBe('#/sign-in?next=%23%2Fexperiments%2Fabc');
    expect(signInHash('')).toBe('#/sign-in?next=%23%2Fnew');
    expect(signInHash('#/sign-in?next=%23%2Fhistory')).toBeNull();
    expect(signInHash('#/sign-in')).toBeNull();
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date', async () => {
    const { retryAfterSeconds } = await client();
    expect(retryAfterSeconds('12')).toBe(12);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(retryAfterSeconds('Sun, 06 Dec 2026 12:01:00 GMT', now)).toBe(60);
  });
});
