import type {
  ApiErrorBody,
  ExperimentSummary,
  ExperimentView,
  FeatureNetworkInfo,
  FieldError,
  MethodInfo,
  MetricInfo,
  MetricSample,
  Me,
  ModelInfo,
  QueueView,
  ExperimentPage,
  NewToken,
  NewUser,
  ReferenceSummary,
  PointTop1,
  SamplePreview,
  SignInOptions,
  TypicalImages,
  SpecCheck,
  ToyDensity,
  TokenInfo,
  User,
  Role,
} from './types';

/** A non-2xx answer: the server's message and, for a 400, every offending field. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violations: FieldError[],
    /** For a 429: how many seconds the server asks us to wait (`Retry-After`), when it says. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/** The history filters `GET /api/experiments` takes; blank ones are left out. */
export interface HistoryQuery {
  q?: string;
  state?: string;
  kind?: string;
  owner?: string;
  method?: string;
  model?: string;
  /** Experiments that carry every one of these tags. */
  tag?: string[];
  /** `true`: only starred ones. */
  starred?: string;
  /** Archived experiments: `''` hides them (the server's default), `true` only them, `all` both. */
  archived?: string;
  /** A metric: each row's `best` is then its best final value of it. */
  metric?: string;
  /** A guidance weight: each row's `atWeight` is then the metric's best final value at it. */
  weight?: string;
  /**
   * `''` newest first (the server's default), `oldest`, `name`, `starred` (starred first), `best`
   * (by the metric's best value, best first; needs `metric`) or `at_weight` (by its best value at
   * the weight; needs `metric` and `weight`).
   */
  sort?: string;
  page?: number;
  size?: number;
}

/** What `PATCH /api/experiments/{id}` changes; absent fields stay as they are. */
export interface ExperimentEdit {
  name?: string;
  tags?: string[];
  /** `''` clears it. */
  note?: string;
  starred?: boolean;
  archived?: boolean;
}

/** Cookie-authenticated writes carry the session's csrf value in this header (auth contract). */
export const CSRF_HEADER = 'X-Guidelab-CSRF';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION = '/api/session';

/**
 * Who is signed in, as the server last said. The csrf value lives only here, in memory: nothing
 * stored survives for a script to replay, and a reload asks `GET /api/me` again.
 */
let me: Me | null = null;
let asking: Promise<Me> | null = null;
const listeners = new Set<(me: Me | null) => void>();

function remember(next: Me | null): void {
  me = next;
  asking = next === null ? null : Promise.resolve(next);
  listeners.forEach((listener) => listener(next));
}

function remembered(answer: Me): Me {
  remember(answer);
  return answer;
}

/** Who is signed in: the answer the client holds, else `GET /api/me` (one request for all callers). */
export function whoAmI(): Promise<Me> {
  asking ??= request<Me>('/api/me').then(remembered, (e: unknown) => {
    asking = null;
    throw e;
  });
  return asking;
}

/** Calls `listener` whenever who is signed in changes (sign-in, sign-out, an expired session). */
export function onSessionChange(listener: (me: Me | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The headers of a request: JSON both ways, and the csrf value on a write when there is one. */
function requestHeaders(
  method: string,
  hasBody: boolean,
  csrf: string | null,
): Record<string, string> {
  return {
    Accept: 'application/json',
    ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
    ...(csrf !== null && WRITES.has(method) ? { [CSRF_HEADER]: csrf } : {}),
  };
}

/**
 * Where a 401 sends the user: the sign-in page, which comes back to `hash` afterwards; null when
 * the user is there already (a sign-in page's own request must not send it to itself).
 */
export function signInHash(hash: string): string | null {
  const current = `#${hash.replace(/^#/, '') || '/new'}`;
  if (/^#\/sign-in(\?|$)/.test(current)) {
    return null;
  }
  return `#/sign-in?next=${encodeURIComponent(current)}`;
}

/** `Retry-After` in seconds, from either of its forms (seconds, or an HTTP date); null if absent. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') {
    return null;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const signingIn = method === 'POST' && path === SESSION;
  if (WRITES.has(method) && !signingIn && me === null) {
    // After a reload the session cookie is still there but its csrf value is not: ask for it
    // first. A failure here is left to the write's own answer to report.
    await whoAmI().catch(() => undefined);
  }
  const response = await fetch(path, {
    ...init,
    // Same origin only: the session cookie goes to Guidelab and nowhere else.
    credentials: 'same-origin',
    headers: requestHeaders(method, Boolean(init.body), me?.csrf ?? null),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = body as Partial<ApiErrorBody> | null;
    // A wrong password is a 401 too; only other requests mean the session is gone.
    if (response.status === 401 && !signingIn) {
      signedOut();
    }
    throw new ApiRequestError(
      response.status,
      error?.error ?? `${response.status} ${response.statusText}`,
      error?.violations ?? [],
      retryAfterSeconds(response.headers.get('Retry-After')),
    );
  }
  return body as T;
}

/** Forgets the session and sends the user to sign in, to come back where they were. */
function signedOut(): void {
  remember(null);
  const target = signInHash(location.hash);
  if (target !== null) {
    location.hash = target;
  }
}

function query(params: Record<string, string | number | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined && one !== '') {
        search.append(key, String(one));
      }
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Guidelab's REST API, one function per endpoint. */
export const api = {
  experiments: (filter: HistoryQuery = {}) =>
    request<ExperimentPage>(`/api/experiments${query({ ...filter })}`),
  experiment: (id: string) => request<ExperimentView>(`/api/experiments/${id}`),
  metrics: (id: string) => request<MetricSample[]>(`/api/experiments/${id}/metrics`),
  samples: (id: string, pointId: string) =>
    request<SamplePreview>(`/api/experiments/${id}/points/${pointId}/samples`),
  typicalImages: (id: string, pointId: string) =>
    request<TypicalImages>(`/api/experiments/${id}/points/${pointId}/typical-images`),
  top1: (id: string, pointId: string) =>
    request<PointTop1>(`/api/experiments/${id}/points/${pointId}/top1`),
  validate: (spec: unknown) =>
    request<SpecCheck>('/api/experiments/validate', { method: 'POST', body: JSON.stringify(spec) }),
  submit: (spec: unknown) =>
    request<ExperimentView>('/api/experiments', { method: 'POST', body: JSON.stringify(spec) }),
  train: (spec: unknown) =>
    request<ExperimentView>('/api/trainings', { method: 'POST', body: JSON.stringify(spec) }),
  rerun: (id: string) =>
    request<ExperimentView>(`/api/experiments/${id}/rerun`, { method: 'POST' }),
  cancel: (id: string) =>
    request<ExperimentView>(`/api/experiments/${id}/cancel`, { method: 'POST' }),
  queue: () => request<QueueView>('/api/queue'),
  /** Renames, tags, notes, stars, archives or restores an experiment (its owner or an admin). */
  editExperiment: (id: string, edit: ExperimentEdit) =>
    request<ExperimentSummary>(`/api/experiments/${id}`, {
      method: 'PATCH',
      body: JSON.stringify(edit),
    }),
  /** Deletes a finished experiment with its results (its owner or an admin). */
  deleteExperiment: (id: string) => request<null>(`/api/experiments/${id}`, { method: 'DELETE' }),
  models: () => request<ModelInfo[]>('/api/models'),
  methods: () => request<MethodInfo[]>('/api/methods'),
  metricNames: () => request<MetricInfo[]>('/api/metrics'),
  references: () => request<ReferenceSummary[]>('/api/references'),
  featureNetworks: () => request<FeatureNetworkInfo[]>('/api/feature-networks'),
  toyDensity: (toyClass: string, size = 128) =>
    request<ToyDensity>(`/api/toy/density${query({ class: toyClass, size })}`),

  /** `GET /api/me`, asked afresh; {@link whoAmI} reuses the answer. */
  me: () => request<Me>('/api/me').then(remembered),
  /** Whether single sign-on is configured (asked before signing in: needs no credentials). */
  signInOptions: () => request<SignInOptions>(SESSION),
  signIn: (credentials: { name: string; password: string } | { code: string }) =>
    request<Me>(SESSION, { method: 'POST', body: JSON.stringify(credentials) }).then(remembered),
  signOut: () =>
    request<null>(SESSION, { method: 'DELETE' }).then(() => {
      remember(null);
    }),
  /** `current` is required when the account has a password already. */
  changePassword: (password: string, current?: string) =>
    request<null>('/api/me/password', {
      method: 'PUT',
      body: JSON.stringify({ password, current }),
    }).then(() => {
      if (me !== null) {
        remember({ ...me, hasPassword: true });
      }
    }),
  tokens: () => request<TokenInfo[]>('/api/tokens'),
  createToken: (name: string) =>
    request<NewToken>('/api/tokens', { method: 'POST', body: JSON.stringify({ name }) }),
  revokeToken: (id: string) =>
    request<null>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  users: () => request<User[]>('/api/users'),
  createUser: (user: { name: string; role: Role; password?: string }) =>
    request<NewUser>('/api/users', { method: 'POST', body: JSON.stringify(user) }),
  patchUser: (name: string, change: { role?: Role; disabled?: boolean }) =>
    request<User>(`/api/users/${encodeURIComponent(name)}`, {
      method: 'PATCH',
      body: JSON.stringify(change),
    }),
};

/**
 * The URL of an experiment's export: every metric of every point at every n, partial and final; the
 * server names the download.
 */
export function exportUrl(id: string, format: 'csv' | 'json'): string {
  return `/api/experiments/${id}/export.${format}`;
}

/** The URL of an experiment's event stream. */
export function eventsUrl(id: string): string {
  return `/api/experiments/${id}/events`;
}
