import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/client';
import type { Me } from '../api/types';
import { absoluteLink, accountLabel, mayChange, maySubmit, nextHash, signInError } from './account';

describe('nextHash', () => {
  it('goes back to the page a 401 came from, else to the submit page', () => {
    expect(nextHash(new URLSearchParams('next=%23%2Fhistory%3Fq%3Dcfg'))).toBe('#/history?q=cfg');
    expect(nextHash(new URLSearchParams(''))).toBe('#/new');
  });

  it('ignores anything but a dashboard page', () => {
    for (const next of ['https://evil.example/', 'javascript:alert(1)', '#/sign-in', '//x']) {
      expect(nextHash(new URLSearchParams({ next }))).toBe('#/new');
    }
  });
});

describe('absoluteLink', () => {
  it('puts the server’s sign-in link on this origin', () => {
    expect(absoluteLink('http://localhost:8080', '/#/sign-in?code=abc')).toBe(
      'http://localhost:8080/#/sign-in?code=abc',
    );
  });
});

describe('signInError', () => {
  it('is the server’s message, or how long to wait after too many attempts', () => {
    expect(signInError(new ApiRequestError(401, 'wrong name or password', []))).toBe(
      'wrong name or password',
    );
    expect(signInError(new ApiRequestError(429, 'slow down', [], 42))).toBe(
      'too many attempts, try again in 42 s',
    );
    expect(signInError(new ApiRequestError(429, 'slow down', []))).toBe(
      'too many attempts, try again later',
    );
  });
});

describe('accountLabel', () => {
  const me: Me = { name: 'ada', role: 'viewer', via: 'session', csrf: 'c', hasPassword: true };

  it('is the name and role, or says accounts are off', () => {
    expect(accountLabel(me)).toBe('ada (viewer)');
    expect(accountLabel({ ...me, name: 'admin', role: 'admin', via: 'local' })).toBe(
      'local (accounts off)',
    );
  });
});

describe('mayChange and maySubmit', () => {
  const member: Me = { name: 'ada', role: 'member', via: 'session', csrf: 'c', hasPassword: true };

  it('let an owner or an admin change a thing, as the server does', () => {
    expect(mayChange(member, 'ada')).toBe(true);
    expect(mayChange(member, 'grace')).toBe(false);
    expect(mayChange({ ...member, role: 'admin' }, 'grace')).toBe(true);
    expect(mayChange({ ...member, role: 'viewer' }, 'ada')).toBe(false);
    expect(mayChange(null, 'ada')).toBe(false);
  });

  it('let members and admins submit, not viewers', () => {
    expect(maySubmit(member)).toBe(true);
    expect(maySubmit({ ...member, role: 'viewer' })).toBe(false);
    expect(maySubmit(null)).toBe(false);
  });
});
