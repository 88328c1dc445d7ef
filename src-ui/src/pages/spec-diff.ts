import type { ExperimentView } from '../api/types';
import { h } from '../dom';

/** A field where compared experiments differ: its path and each experiment's value, as text. */
export interface DiffRow {
  field: string;
  values: string[];
}

/** What a field an experiment does not have shows. */
const ABSENT = '—';

/**
 * Where these experiments differ: every field of their normalised specs (`sampler.steps`,
 * `sweep[1].weights`, …; the name left out, the table names them) and of their pins (each model's
 * content hash, the reference's and the feature network's), in spec order, with each experiment's
 * value. Empty when they agree everywhere.
 */
export function specDiff(views: ExperimentView[]): DiffRow[] {
  const flat = views.map((view) => {
    const fields = new Map<string, string>();
    flatten(view.spec, '', fields);
    fields.delete('name');
    for (const [model, hash] of Object.entries(view.pins.models)) {
      fields.set(`model ${model}`, hash.slice(0, 12));
    }
    if (view.pins.reference) {
      fields.set(
        'reference statistics',
        `${view.pins.reference.name} ${view.pins.reference.hash.slice(0, 12)}`,
      );
    }
    if (view.pins.featureNetwork) {
      const net = view.pins.featureNetwork;
      fields.set('feature network', `${net.name} ${net.hash.slice(0, 12)}`);
    }
    return fields;
  });
  const names = [...new Set(flat.flatMap((fields) => [...fields.keys()]))];
  return names
    .map((field) => ({ field, values: flat.map((fields) => fields.get(field) ?? ABSENT) }))
    .filter((row) => new Set(row.values).size > 1);
}

/** Adds `value`'s leaves under `path`: objects by key, arrays of objects by index, others whole. */
function flatten(value: unknown, path: string, into: Map<string, string>): void {
  if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, into));
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) {
      flatten(v, path ? `${path}.${key}` : key, into);
    }
  } else {
    into.set(path, Array.isArray(value) ? value.join(', ') : String(value));
  }
}

/** The diff as a table, one column per experiment (headed by `names`), or a line saying none. */
export function specDiffTable(views: ExperimentView[], names: string[]): HTMLElement {
  const rows = specDiff(views);
  if (rows.length === 0) {
    return h('p', { class: 'spec-diff muted' }, 'Their specs and pinned models are the same.');
  }
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'spec-diff' },
      h(
        'thead',
        null,
        h('tr', null, h('th', null, 'differs'), ...names.map((n) => h('th', null, n))),
      ),
      h(
        'tbody',
        null,
        ...rows.map((row) =>
          h(
            'tr',
            { dataset: { field: row.field } },
            h('td', { class: 'mono' }, row.field),
            ...row.values.map((v) => h('td', { class: 'mono' }, v)),
          ),
        ),
      ),
    ),
  );
}
