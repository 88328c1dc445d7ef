import type { ExperimentView, MetricInfo, PointView } from '../api/types';

/** A point with sensible defaults; override what the test is about. */
export function point(overrides: Partial<PointView> = {}): PointView {
  return {
    id: 'p0',
    ordinal: 0,
    label: 'none',
    params: { method: 'none' },
    main: null,
    ema: null,
    seed: 1,
    samples: 10000,
    state: 'QUEUED',
    attempt: 0,
    worker: null,
    device: null,
    samplesDone: 0,
    nfePerSample: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
    metrics: {},
    stderr: {},
    reusedFrom: null,
    extendedFrom: null,
    ...overrides,
  };
}

/** A sweep experiment holding `points`. */
export function experiment(
  points: PointView[],
  overrides: Partial<ExperimentView> = {},
): ExperimentView {
  return {
    id: '00000000-0000-0000-0000-00000000000e',
    kind: 'sweep',
    name: 'test sweep',
    owner: 'ada',
    state: 'QUEUED',
    specHash: 'ab'.repeat(32),
    pins: { models: {}, reference: null, featureNetwork: null },
    version: '0.1.0-SNAPSHOT',
    createdAt: '2026-11-23T10:00:00Z',
    updatedAt: '2026-11-23T10:00:00Z',
    finishedAt: null,
    spec: { name: 'test sweep', metrics: ['fd', 'log_likelihood'] },
    points,
    tags: [],
    note: null,
    starred: false,
    archivedAt: null,
    ...overrides,
  };
}

/** A guided point of `method` at weight `w`. */
export function guided(
  id: string,
  method: string,
  w: number,
  metrics: Record<string, number | null> = {},
): PointView {
  return point({
    id,
    label: `${method} w=${w}`,
    params: { method, guide: 'g', weight: w },
    metrics,
  });
}

/** A metric as `GET /api/metrics` lists it: a cheap streamed toy metric unless overridden. */
export function metric(name: string, overrides: Partial<MetricInfo> = {}): MetricInfo {
  return {
    name,
    byDefault: false,
    imageModels: false,
    imageDefault: false,
    needsReferenceSamples: false,
    cost: 'STREAMED',
    stderr: null,
    better: 'NEITHER',
    ...overrides,
  };
}
