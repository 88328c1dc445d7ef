/**
 * The JSON shapes of Guidelab's REST API and event stream, under the names the dashboard uses.
 *
 * The records are not written here: `npm run generate` (run first by `npm run check` and
 * `npm run build`) generates `schema.d.ts` from `openapi.json`, a copy of the server's OpenAPI
 * document (`/q/openapi`), which `OpenApiDocumentTest` holds equal to what the server serves. A
 * change of the server's records thus reaches the dashboard as a compile error where it matters.
 * How to copy the document again: CONTRIBUTING.md, "The dashboard's API types".
 *
 * Instants are ISO-8601 strings, UUIDs strings, metric values `number | null` (NaN → null).
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type State = Schemas['State'];
export const STATES: readonly State[] = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
export const TERMINAL: readonly State[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/**
 * A point's guidance: `{"method": "cfg", "guide": "…", "weight": 2}`, wrappers with `inner`. The
 * document says only "a JSON object" (each method declares its own parameters, `GET /api/methods`).
 */
export interface GuidanceParams {
  method: string;
  weight?: number;
  inner?: GuidanceParams;
  [param: string]: unknown;
}

/**
 * The stored (normalised) spec; see docs/spec.md "Experiment spec (v1)". The document says only "a
 * JSON object": the parser, not a schema, decides what a spec may hold.
 */
export interface ExperimentSpecJson {
  name: string;
  owner?: string;
  /** When the points are claimed: −10..10, higher first; 0 by default. Not part of `specHash`. */
  priority?: number | null;
  /** Whether points equal to completed ones take their results; true by default. Not part of `specHash`. */
  reuse?: boolean;
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

export type PointView = Omit<Schemas['PointView'], 'params'> & { params: GuidanceParams };
export type Pin = Schemas['Pin'];
export type Pins = Schemas['Pins'];
export type ExperimentView = Omit<Schemas['ExperimentView'], 'spec' | 'points'> & {
  spec: ExperimentSpecJson;
  points: PointView[];
};
export type ExperimentSummary = Schemas['ExperimentSummary'];
export type ExperimentPage = Schemas['PageExperimentSummary'];
export type MetricSample = Schemas['MetricSample'];
export type SpecCheck = Omit<Schemas['SpecCheck'], 'spec'> & { spec: ExperimentSpecJson };
export type MethodInfo = Schemas['MethodInfo'];
export type ParamInfo = Schemas['ParamInfo'];
export type MetricInfo = Schemas['MetricInfo'];
export type ModelKind = Schemas['ModelKind'];
export type ModelInfo = Schemas['ModelInfo'];
export type FeatureNetworkInfo = Schemas['Registered'];
export type ReferenceSummary = Schemas['Summary'];
export type PointTop1 = Schemas['PointTop1'];
export type SamplePreview = Schemas['SamplePreview'];
export type TypicalImages = Schemas['TypicalImages'];
export type TypicalImage = Schemas['Image'];
export type ToyDensity = Schemas['ToyDensity'];
export type FieldError = Schemas['FieldError'];
export type ApiErrorBody = Schemas['ApiError'];

/** Accounts (docs/accounts.md). */
export type Role = Schemas['UserRole'];
export const ROLES: readonly Role[] = ['admin', 'member', 'viewer'];
export type Me = Schemas['Me'];
export type QueueView = Schemas['Queue'];
export type SignInOptions = Schemas['SignInOptions'];
export type TokenInfo = Schemas['TokenInfo'];
export type NewToken = Schemas['NewToken'];
export type User = Schemas['User'];
export type NewUser = Schemas['NewUser'];

/** What happened to a point; the SSE event name is `type`. */
export type ProgressEvent = Schemas['ProgressEvent'];

export const EVENT_TYPES: readonly ProgressEvent['type'][] = [
  'claimed',
  'partial',
  'completed',
  'failed',
  'cancelled',
  'requeued',
];
