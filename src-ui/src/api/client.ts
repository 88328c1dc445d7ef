import type {
  ApiErrorBody,
  ExperimentView,
  FeatureNetworkInfo,
  FieldError,
  MethodInfo,
  MetricInfo,
  MetricSample,
  ModelInfo,
  ExperimentPage,
  ReferenceSummary,
  PointTop1,
  SamplePreview,
  TypicalImages,
  SpecCheck,
  ToyDensity,
} from './types';

/** A non-2xx answer: the server's message and, for a 400, every offending field. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violations: FieldError[],
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
  page?: number;
  size?: number;
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: {
      Accept: 'application/json',
      ...(init?.body ? { 'Content-Type': 'application/json' } : {}),
    },
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = body as Partial<ApiErrorBody> | null;
    throw new ApiRequestError(
      response.status,
      error?.error ?? `${response.status} ${response.statusText}`,
      error?.violations ?? [],
    );
  }
  return body as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
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
  rerun: (id: string) =>
    request<ExperimentView>(`/api/experiments/${id}/rerun`, { method: 'POST' }),
  cancel: (id: string) =>
    request<ExperimentView>(`/api/experiments/${id}/cancel`, { method: 'POST' }),
  models: () => request<ModelInfo[]>('/api/models'),
  methods: () => request<MethodInfo[]>('/api/methods'),
  metricNames: () => request<MetricInfo[]>('/api/metrics'),
  references: () => request<ReferenceSummary[]>('/api/references'),
  featureNetworks: () => request<FeatureNetworkInfo[]>('/api/feature-networks'),
  toyDensity: (toyClass: string, size = 128) =>
    request<ToyDensity>(`/api/toy/density${query({ class: toyClass, size })}`),
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
