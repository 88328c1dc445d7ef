import type { ExperimentView } from './api/types';
import { methodKey, weightOf } from './charts/curves';
import { toText } from './text';

/** Every metric any point of the experiment reports, in first-seen order. */
export function metricNames(view: ExperimentView): string[] {
  const names = new Set<string>(view.spec.metrics ?? []);
  for (const point of view.points) {
    Object.keys(point.metrics).forEach((m) => names.add(m));
  }
  return [...names];
}

/**
 * The per-point table as CSV (RFC 4180): one row per point with its method, weight, state, sample
 * count, cost, and each metric's value and standard error.
 */
export function toCsv(view: ExperimentView): string {
  const metrics = metricNames(view);
  const header = [
    'point',
    'label',
    'method',
    'weight',
    'state',
    'samples_done',
    'samples',
    'nfe_per_sample',
    'seed',
    ...metrics.flatMap((m) => [m, `${m}_stderr`]),
  ];
  const rows = view.points.map((p) => [
    p.ordinal,
    p.label,
    methodKey(p.label),
    weightOf(p.params),
    p.state,
    p.samplesDone,
    p.samples,
    p.nfePerSample,
    p.seed,
    ...metrics.flatMap((m) => [p.metrics[m], p.stderr[m]]),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = toText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The experiment as JSON: spec, reproducibility record and every point. */
export function toJson(view: ExperimentView): string {
  return JSON.stringify(view, null, 2) + '\n';
}

/** A file name from the experiment's name: `autoguidance-vs-cfg-1a2b3c4d.csv`. */
export function fileName(view: ExperimentView, extension: string): string {
  const slug = view.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'experiment'}-${view.id.slice(0, 8)}.${extension}`;
}
