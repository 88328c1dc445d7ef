import type {
  ExperimentSpecJson,
  FieldError,
  MethodInfo,
  ModelKind,
  MetricInfo,
  ModelInfo,
  ParamInfo,
} from '../api/types';
import { toText } from '../text';

/**
 * What the submit form holds, as the user typed it. {@link toSpec} turns it into the JSON the
 * server validates; {@link fromSpec} fills it from a stored spec or a preset. The server is the
 * only validator: the form shows its 400 messages next to the fields they name ({@link placeErrors}).
 */
export interface SpecForm {
  name: string;
  /** When the points are claimed, −10..10 as typed; blank = the server's default, 0. */
  priority: string;
  /**
   * Whether points equal to completed ones take their results instead of being computed; checked
   * leaves it to the server's default (reuse), unchecked sends `false`.
   */
  reuse: boolean;
  main: string;
  /** A conditional main model's condition as typed: `A`/`B` (toy), a class index or `random`. */
  condition: string;
  entries: EntryForm[];
  sampler: Record<SamplerField, string>;
  samples: string;
  seed: string;
  metrics: string[];
  reference: string;
  /** Image models: the feature network metrics are computed in; blank for the toy. */
  features: string;
}

/**
 * One sweep entry: a method, its parameters as typed (absent until set), an inner method for
 * wrappers, weights.
 */
export interface EntryForm {
  method: string;
  values: Partial<Record<string, string | boolean>>;
  inner: EntryForm | null;
  weights: string;
}

/** Registered TorchScript image denoisers sample images; everything else is the 2-D toy. */
export const IMAGE_MODEL_KIND: ModelKind = 'torchscript';

/**
 * How the form asks for a conditional main model's condition: one of the toy's classes by name, or
 * for a class-conditional image model a class index in `0..classes−1` or `random`. Null for an
 * unconditional model, which takes none.
 */
export type ConditionField =
  { kind: 'toy'; classes: string[] } | { kind: 'image'; classes: number };

export function conditionField(model: ModelInfo | undefined): ConditionField | null {
  if (!model?.conditional) {
    return null;
  }
  if (model.kind === IMAGE_MODEL_KIND) {
    return { kind: 'image', classes: Number(model.params?.classes ?? 0) };
  }
  return { kind: 'toy', classes: ['A', 'B'] };
}

/**
 * The condition as typed: blank → absent (the server's default: `A` for the toy, `random` for an
 * image model), a whole number → a class index, anything else (`A`, `B`, `random`, typos) → the
 * text, for the server to accept or name what is wrong.
 */
export function conditionValue(text: string): string | number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export const SAMPLER_FIELDS = [
  'steps',
  'sigmaMin',
  'sigmaMax',
  'rho',
  'order',
  'churn',
  'sMin',
  'sMax',
  'sNoise',
  'start',
] as const;
export type SamplerField = (typeof SAMPLER_FIELDS)[number];

export function emptyForm(): SpecForm {
  return {
    name: '',
    priority: '',
    reuse: true,
    main: '',
    condition: '',
    entries: [emptyEntry('none')],
    sampler: Object.fromEntries(SAMPLER_FIELDS.map((f) => [f, ''])) as Record<SamplerField, string>,
    samples: '10000',
    seed: '0',
    metrics: [],
    reference: '',
    features: '',
  };
}

export function emptyEntry(method: string): EntryForm {
  return { method, values: {}, inner: null, weights: '' };
}

/**
 * Numbers typed as a list (`1.5, 2, 3` or `1.5 2 3`) or an inclusive range `start:step:stop`
 * (`1:0.5:3` → 1, 1.5, 2, 2.5, 3). Null when the text is neither.
 */
export function parseNumbers(text: string): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return [];
  }
  const range = /^(-?[\d.eE+-]+)\s*:\s*([\d.eE+-]+)\s*:\s*(-?[\d.eE+-]+)$/.exec(trimmed);
  if (range) {
    const [start, step, stop] = range.slice(1).map(Number);
    if (![start, step, stop].every(Number.isFinite) || step <= 0 || stop < start) {
      return null;
    }
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > 1000) {
      return null;
    }
    return Array.from({ length: count }, (_, i) => round(start + i * step));
  }
  const parts = trimmed.split(/[\s,;]+/).filter((p) => p !== '');
  const numbers = parts.map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}

/** Removes float noise from range steps: 0.1 + 0.2 → 0.3. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * A number field: blank → absent (the server's default), one number → the number, a list → the list
 * (a sweep over it), anything else → the text as typed, so the server names what is wrong with it.
 */
function numberValue(text: string, list: boolean): unknown {
  if (text.trim() === '') {
    return undefined;
  }
  const numbers = parseNumbers(text);
  if (numbers === null) {
    return text;
  }
  return numbers.length === 1 && !list ? numbers[0] : numbers;
}

function textValue(text: string): unknown {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) {
    return undefined;
  }
  return parts.length === 1 ? parts[0] : parts;
}

function paramValue(param: ParamInfo, raw: string | boolean | undefined): unknown {
  if (param.kind === 'BOOLEAN') {
    return typeof raw === 'boolean' ? raw : undefined;
  }
  const text = typeof raw === 'string' ? raw : '';
  return param.kind === 'NUMBER' || param.kind === 'STEP'
    ? numberValue(text, false)
    : textValue(text);
}

/**
 * The fields of a sweep entry beside its method's parameters that choose its models' post-hoc EMA
 * reconstructions (docs/spec.md): the main model's σ_rel, the guide's σ_rel and the guide family's
 * training iteration. Each is a number or a list swept like the weights.
 */
export const EMA_FIELDS = ['mainEma', 'guideEma', 'guideIteration'] as const;
export type EmaField = (typeof EMA_FIELDS)[number];

/**
 * The {@link EMA_FIELDS} an entry of `method` (wrapping `inner`) takes: `mainEma` always, the
 * guide's where the method or the one it wraps has a model parameter (a guide).
 */
export function emaFields(
  method: MethodInfo | undefined,
  inner: MethodInfo | undefined,
): EmaField[] {
  const guided = [method, inner].some((m) => m?.params.some((p) => p.kind === 'MODEL'));
  return guided ? [...EMA_FIELDS] : ['mainEma'];
}

/**
 * The JSON of an entry; `outer` for an entry of the sweep (with weights and EMA fields), not for
 * the method a wrapper wraps.
 */
function entryJson(
  entry: EntryForm,
  methods: Map<string, MethodInfo>,
  outer: boolean,
): Record<string, unknown> {
  const json: Record<string, unknown> = { method: entry.method };
  const method = methods.get(entry.method);
  if (!method) {
    return json;
  }
  if (method.role === 'WRAPPER') {
    json.inner = entry.inner ? entryJson(entry.inner, methods, false) : undefined;
  }
  for (const param of method.params) {
    const value = paramValue(param, entry.values[param.name]);
    if (value !== undefined) {
      json[param.name] = value;
    }
  }
  if (outer && method.role !== 'PLAIN') {
    json.weights = numberValue(entry.weights, true) ?? [];
  }
  if (outer) {
    for (const field of emaFields(method, methods.get(entry.inner?.method ?? ''))) {
      json[field] = numberValue(toText(entry.values[field] ?? ''), false);
    }
  }
  return json;
}

/** The spec JSON of the form; blank optional fields are left out so the server fills defaults. */
export function toSpec(form: SpecForm, methods: MethodInfo[]): Record<string, unknown> {
  const byName = new Map(methods.map((m) => [m.name, m]));
  const sampler: Record<string, unknown> = {};
  for (const field of SAMPLER_FIELDS) {
    const text = form.sampler[field];
    const value = field === 'start' ? textValue(text) : numberValue(text, false);
    if (value !== undefined) {
      sampler[field] = value;
    }
  }
  const spec: Record<string, unknown> = {
    name: form.name,
    priority: numberValue(form.priority, false),
    reuse: form.reuse ? undefined : false,
    main: form.main,
    condition: conditionValue(form.condition),
    sweep: form.entries.map((e) => entryJson(e, byName, true)),
    sampler,
    samples: numberValue(form.samples, false),
    seed: numberValue(form.seed, false),
    metrics: form.metrics.length > 0 ? form.metrics : undefined,
    reference: form.reference || undefined,
    features: form.features || undefined,
  };
  return JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
}

function typed(value: unknown): string | boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.join(', ');
  }
  return value === undefined || value === null ? '' : toText(value);
}

function entryForm(json: Record<string, unknown>): EntryForm {
  const values: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key !== 'method' && key !== 'inner' && key !== 'weights' && value !== null) {
      values[key] = typed(value);
    }
  }
  return {
    method: toText(json.method ?? 'none'),
    values,
    inner: json.inner ? entryForm(json.inner as Record<string, unknown>) : null,
    weights: typed(json.weights) as string,
  };
}

/** The form showing a spec: a preset, or a stored experiment's spec to run again with changes. */
export function fromSpec(spec: ExperimentSpecJson): SpecForm {
  const form = emptyForm();
  const sampler = spec.sampler ?? {};
  return {
    ...form,
    name: spec.name,
    priority: spec.priority === undefined || spec.priority === null ? '' : String(spec.priority),
    reuse: spec.reuse !== false,
    main: spec.main ?? '',
    condition:
      spec.condition === undefined || spec.condition === null ? '' : String(spec.condition),
    entries: (spec.sweep ?? []).map(entryForm),
    sampler: Object.fromEntries(
      SAMPLER_FIELDS.map((f) => [f, sampler[f] === undefined ? '' : toText(sampler[f])]),
    ) as Record<SamplerField, string>,
    samples: spec.samples === undefined ? form.samples : String(spec.samples),
    seed: spec.seed === undefined ? form.seed : String(spec.seed),
    metrics: spec.metrics ?? [],
    reference: spec.reference ?? '',
    features: spec.features ?? '',
  };
}

/**
 * Assigns each violation to the form field it names: the longest field path that is the violation's
 * field or a prefix of it (`sweep[1].weights[0]` → `sweep[1].weights`). Violations no field claims
 * stay in `general`.
 */
export function placeErrors(
  violations: FieldError[],
  paths: string[],
): { byPath: Map<string, string[]>; general: FieldError[] } {
  const byPath = new Map<string, string[]>();
  const general: FieldError[] = [];
  const sorted = [...paths].sort((a, b) => b.length - a.length);
  for (const violation of violations) {
    const path = sorted.find(
      (p) =>
        violation.field === p ||
        violation.field.startsWith(`${p}.`) ||
        violation.field.startsWith(`${p}[`),
    );
    if (path === undefined) {
      general.push(violation);
    } else {
      byPath.set(path, [...(byPath.get(path) ?? []), violation.message]);
    }
  }
  return { byPath, general };
}

/**
 * The metrics the form offers: all of them for the toy; for an image model only those it may ask
 * for (the feature-space ones), so no box leads to a refusal by kind.
 */
export function metricChoices(metrics: MetricInfo[], image: boolean): MetricInfo[] {
  return image ? metrics.filter((m) => m.imageModels) : metrics;
}

/** The metrics a spec without `metrics` gets: the toy's defaults, or an image model's. */
export function defaultMetrics(metrics: MetricInfo[], image: boolean): string[] {
  return metrics.filter((m) => (image ? m.imageDefault : m.byDefault)).map((m) => m.name);
}
