/**
 * The JSON shapes of Guidelab's REST API and event stream. Each interface mirrors one Java record,
 * named in the `@record` tag above it; `UiTypesMirrorJavaRecordsTest` (Maven) fails when a record
 * gains, loses or renames a component that its interface does not.
 *
 * Instants are ISO-8601 strings, UUIDs strings, Java `Double`s `number | null` (NaN → null).
 */

export type State = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export const STATES: readonly State[] = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
export const TERMINAL: readonly State[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** `sweep` samples points; `train` trains a toy network; `reference` computes reference statistics. */
export type Kind = 'sweep' | 'train' | 'reference';

/** A point's guidance: `{"method": "cfg", "guide": "…", "weight": 2}`, wrappers with `inner`. */
export interface GuidanceParams {
  method: string;
  weight?: number;
  inner?: GuidanceParams;
  [param: string]: unknown;
}

/** @record dev.guidelab.ledger.PointView */
export interface PointView {
  id: string;
  ordinal: number;
  label: string;
  params: GuidanceParams;
  seed: number;
  samples: number;
  state: State;
  attempt: number;
  worker: string | null;
  samplesDone: number;
  nfePerSample: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  metrics: Record<string, number | null>;
  stderr: Record<string, number | null>;
}

/** @record dev.guidelab.ledger.Pins$Pin */
export interface Pin {
  name: string;
  hash: string;
}

/** @record dev.guidelab.ledger.Pins */
export interface Pins {
  models: Record<string, string>;
  reference: Pin | null;
  featureNetwork: Pin | null;
}

/** @record dev.guidelab.ledger.ExperimentView */
export interface ExperimentView {
  id: string;
  kind: Kind;
  name: string;
  owner: string;
  state: State;
  specHash: string;
  pins: Pins;
  version: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  spec: ExperimentSpecJson;
  points: PointView[];
}

/** The stored (normalised) spec; see docs/spec.md "Experiment spec (v1)". */
export interface ExperimentSpecJson {
  name: string;
  /** When the points are claimed: −10..10, higher first; 0 by default. Not part of `specHash`. */
  priority?: number | null;
  main?: string;
  /** `A`/`B` for a conditional toy network; a class index or `random` for an image model. */
  condition?: string | number | null;
  sweep?: Record<string, unknown>[];
  sampler?: Record<string, unknown>;
  samples?: number;
  seed?: number;
  metrics?: string[];
  reference?: string | null;
  /** Image models only: the registered feature network the metrics are computed in. */
  features?: string | null;
  [field: string]: unknown;
}

/** @record dev.guidelab.ledger.ExperimentSummary */
export interface ExperimentSummary {
  id: string;
  kind: Kind;
  name: string;
  owner: string;
  state: State;
  specHash: string;
  createdAt: string;
  finishedAt: string | null;
  points: number;
  pointsCompleted: number;
}

/** @record dev.guidelab.ledger.Page */
export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

/** @record dev.guidelab.ledger.MetricSample */
export interface MetricSample {
  pointId: string;
  metric: string;
  n: number;
  value: number | null;
  stderr: number | null;
}

/** @record dev.guidelab.experiment.SpecCheck */
export interface SpecCheck {
  spec: ExperimentSpecJson;
  specHash: string;
  points: string[];
}

/** @record dev.guidelab.experiment.MethodInfo */
export interface MethodInfo {
  name: string;
  /** What people call it, e.g. `classifier-free guidance`. */
  title: string;
  role: 'PLAIN' | 'WEIGHTED' | 'WRAPPER';
  params: ParamInfo[];
  needsConditionalMain: boolean;
  /** Image models (TorchScript denoisers, called with σ) cannot use it. */
  needsNoiseEmbedding: boolean;
  inner: string[];
}

/** @record dev.guidelab.experiment.MethodInfo$ParamInfo */
export interface ParamInfo {
  name: string;
  kind: 'MODEL' | 'NUMBER' | 'STEP' | 'CHOICE' | 'BOOLEAN';
  presence: 'REQUIRED' | 'DEFAULTED' | 'OPTIONAL' | 'UNLESS_CONDITIONAL';
  fallback: number | boolean | string | null;
  /** `> 0`, `≥ 0`, `in [0, 1]`, `in (−1, 1)`, or null for any number. */
  range: string | null;
  choices: string[] | null;
  hint: string;
}

/** @record dev.guidelab.experiment.MetricInfo */
export interface MetricInfo {
  name: string;
  /** Whether a toy spec without `metrics` gets it. */
  byDefault: boolean;
  /** Whether an image model's spec may ask for it (the feature-space metrics). */
  imageModels: boolean;
  /** Whether an image model's spec without `metrics` gets it. */
  imageDefault: boolean;
  /** Whether it compares with the reference's own feature vectors (k-NN, kernel, score metrics). */
  needsReferenceSamples: boolean;
  cost: 'STREAMED' | 'BLOCK_FIT' | 'CHECKPOINTS';
  /** What its standard error is, e.g. `20-block jackknife SE`; null when it has none. */
  stderr: string | null;
  better: 'HIGHER' | 'LOWER' | 'NEITHER';
}

/** What a model is (`dev.guidelab.models.ModelKind`); only the denoisers are listed as models. */
export type ModelKind = 'oracle' | 'toy-mlp' | 'torchscript' | 'feature-net';

/** @record dev.guidelab.models.ModelInfo */
export interface ModelInfo {
  name: string;
  kind: ModelKind;
  description: string;
  sha256: string;
  conditional: boolean;
  builtin: boolean;
  params: Record<string, unknown> | null;
}

/** @record dev.guidelab.models.FeatureNetworks$Registered */
export interface FeatureNetworkInfo {
  name: string;
  sha256: string;
  contract: { name: string; dim: number; pipeline: string; [field: string]: unknown };
}

/** @record dev.guidelab.references.ReferenceStore$Summary */
export interface ReferenceSummary {
  name: string;
  key: string;
  n: number | null;
  dim: number;
  ddof: number;
  source: string;
  featureNetwork: string | null;
  pipeline: string;
  description: string | null;
  muPreview: number[];
  /** Feature vectors kept for the k-NN metrics; 0 for imported mu/sigma. */
  knnSamples: number;
  /** Classes of the stored Top-1 class histogram; 0 when it has none. */
  top1Classes: number;
  createdAt: string;
}

/** @record dev.guidelab.results.PointTop1 */
export interface PointTop1 {
  pointId: string;
  classes: number;
  /** Generated images counted so far. */
  n: number;
  referenceN: number;
  /** Images per Top-1 class, one entry per class. */
  generated: number[];
  reference: number[];
  /** Total-variation distance of the two histograms (top1_tv) and its standard error. */
  tv: number;
  stderr: number;
}

/** @record dev.guidelab.results.SamplePreview */
export interface SamplePreview {
  pointId: string;
  n: number;
  samples: [number, number][];
  realism: (number | null)[];
  rarity: (number | null)[];
}

/** @record dev.guidelab.results.TypicalImages */
export interface TypicalImages {
  pointId: string;
  n: number;
  most: TypicalImage[];
  least: TypicalImage[];
}

/** @record dev.guidelab.results.TypicalImages$Image */
export interface TypicalImage {
  sample: number;
  realism: number;
  /** A PNG file, base64. */
  png: string;
}

/** @record dev.guidelab.toy.ToyDensity */
export interface ToyDensity {
  toyClass: string;
  min: number;
  max: number;
  size: number;
  logDensity: number[];
}

/** @record dev.guidelab.api.FieldError */
export interface FieldError {
  field: string;
  message: string;
}

/** @record dev.guidelab.api.ApiError */
export interface ApiErrorBody {
  error: string;
  violations: FieldError[] | null;
}

/** What an account may do: `admin` everything, `member` submits, `viewer` reads only. */
export type Role = 'admin' | 'member' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'member', 'viewer'];

/** @record dev.guidelab.accounts.SessionResource$Me */
export interface Me {
  name: string;
  role: Role;
  /** `local`: accounts are off (loopback only) and a request without credentials acts as admin. */
  via: 'session' | 'token' | 'local';
  /** Sent back in `X-Guidelab-CSRF` with a session's writes; null without a session. */
  csrf: string | null;
  hasPassword: boolean;
}

/** @record dev.guidelab.accounts.Tokens$Token */
export interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** @record dev.guidelab.accounts.Tokens$Created */
export interface NewToken extends TokenInfo {
  /** The secret: in this answer only, never listed again. */
  token: string;
}

/** @record dev.guidelab.accounts.User */
export interface User {
  name: string;
  role: Role;
  createdAt: string;
  hasPassword: boolean;
  disabled: boolean;
}

/** @record dev.guidelab.accounts.UserResource$Created */
export interface NewUser {
  user: User;
  /** The user's first API token, shown once. */
  token: string;
  /** Relative to the dashboard, works once: `/#/sign-in?code=…`. */
  signInLink: string;
}

interface EventBase {
  experimentId: string;
  pointId: string;
  experimentState: State;
  at: string;
}

/** @record dev.guidelab.results.ProgressEvent$PointClaimed */
export interface PointClaimed extends EventBase {
  type: 'claimed';
  worker: string;
  attempt: number;
}

/** @record dev.guidelab.results.ProgressEvent$PartialMetrics */
export interface PartialMetrics extends EventBase {
  type: 'partial';
  n: number;
  samples: number;
  metrics: Record<string, number | null>;
  stderr: Record<string, number | null>;
}

/** @record dev.guidelab.results.ProgressEvent$PointCompleted */
export interface PointCompleted extends EventBase {
  type: 'completed';
  n: number;
  metrics: Record<string, number | null>;
  stderr: Record<string, number | null>;
  nfePerSample: number;
}

/** @record dev.guidelab.results.ProgressEvent$PointFailed */
export interface PointFailed extends EventBase {
  type: 'failed';
  error: string;
}

/** @record dev.guidelab.results.ProgressEvent$PointCancelled */
export interface PointCancelled extends EventBase {
  type: 'cancelled';
}

/** @record dev.guidelab.results.ProgressEvent$PointRequeued */
export interface PointRequeued extends EventBase {
  type: 'requeued';
  attempt: number;
  reason: string;
}

/** What happened to a point; the SSE event name is `type`. */
export type ProgressEvent =
  PointClaimed | PartialMetrics | PointCompleted | PointFailed | PointCancelled | PointRequeued;

export const EVENT_TYPES: readonly ProgressEvent['type'][] = [
  'claimed',
  'partial',
  'completed',
  'failed',
  'cancelled',
  'requeued',
];
