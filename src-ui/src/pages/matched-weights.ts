import type { ExperimentView } from '../api/types';
import { linesByMethod } from '../charts/curves';
import { formatNumber, h } from '../dom';

/** One method at one weight with each compared experiment's value of a metric (null: none). */
export interface MatchedRow {
  line: string;
  w: number;
  values: (number | null)[];
}

/**
 * `metric` at the weights the experiments share: for every line (method, its parameters) and
 * weight that at least two of them drew, each experiment's value there (the seed mean where it has
 * repeats), by line in first-seen order, then by weight.
 */
export function matchedWeights(views: ExperimentView[], metric: string): MatchedRow[] {
  const rows = new Map<string, MatchedRow>();
  views.forEach((view, i) => {
    for (const line of linesByMethod(view.points, metric)) {
      if (line.flat) {
        continue;
      }
      for (const point of line.points) {
        const key = `${line.name}\u0000${point.x}`;
        const row = rows.get(key) ?? {
          line: line.name,
          w: point.x,
          values: views.map((): number | null => null),
        };
        row.values[i] = point.y;
        rows.set(key, row);
      }
    }
  });
  const order = [...new Set([...rows.values()].map((r) => r.line))];
  return [...rows.values()]
    .filter((row) => row.values.filter((v) => v !== null).length >= 2)
    .sort((a, b) => order.indexOf(a.line) - order.indexOf(b.line) || a.w - b.w);
}

/** The matched rows as a table (columns headed by `names`), or null when none are shared. */
export function matchedTable(
  views: ExperimentView[],
  metric: string,
  names: string[],
): HTMLElement | null {
  const rows = matchedWeights(views, metric);
  if (rows.length === 0) {
    return null;
  }
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'matched-weights', dataset: { metric } },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, 'line'),
          h('th', null, 'w'),
          ...names.map((n) => h('th', null, n)),
        ),
      ),
      h(
        'tbody',
        null,
        ...rows.map((row) =>
          h(
            'tr',
            null,
            h('td', null, row.line),
            h('td', { class: 'num' }, formatNumber(row.w)),
            ...row.values.map((v) => h('td', { class: 'num' }, formatNumber(v))),
          ),
        ),
      ),
    ),
  );
}
