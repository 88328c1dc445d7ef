import type { ExperimentView } from '../api/types';
import { formatNumber, h } from '../dom';
import { metricNames } from '../metrics';
import { progress, reused, valueWithError } from './point-cells';

/**
 * The experiment page's table of points: a row per point (built once), refilled in place on
 * every redraw; a click on a row selects its point.
 */
export class PointsTable {
  private readonly head = h('thead');
  private readonly body = h('tbody');
  private readonly rows = new Map<string, HTMLTableRowElement>();
  readonly element = h(
    'section',
    { class: 'points' },
    h('h2', null, 'Points'),
    h(
      'div',
      { class: 'table-scroll' },
      h('table', { class: 'points-table' }, this.head, this.body),
    ),
  );

  constructor(private readonly onSelect: (pointId: string) => void) {}

  /** Builds the header row and a row per point of `v`, once. */
  build(v: ExperimentView): void {
    const metrics = metricNames(v);
    this.head.replaceChildren(
      h(
        'tr',
        null,
        ...['#', 'point', 'state', 'progress', 'device', 'NFE/sample', ...metrics].map((c) =>
          h('th', null, c),
        ),
      ),
    );
    for (const p of v.points) {
      const row = h('tr', { dataset: { point: p.id }, onclick: () => this.onSelect(p.id) });
      this.rows.set(p.id, row);
      this.body.append(row);
    }
  }

  /** Refills each point's row in place, so a click on a row is never lost to a redraw. */
  render(v: ExperimentView, selected: string | null): void {
    const metrics = metricNames(v);
    const now = new Date();
    for (const p of v.points) {
      const row = this.rows.get(p.id);
      if (!row) {
        continue;
      }
      row.className = p.id === selected ? 'selected' : '';
      row.dataset.state = p.state;
      row.replaceChildren(
        h('td', null, p.ordinal),
        h('td', null, p.label, p.error ? h('div', { class: 'error' }, p.error) : null, reused(p)),
        h('td', null, h('span', { class: `badge state-${p.state.toLowerCase()}` }, p.state)),
        h('td', null, progress(p, now)),
        h('td', { class: 'device', title: p.worker ?? '' }, p.device ?? ''),
        h('td', null, formatNumber(p.nfePerSample)),
        ...metrics.map((m) => h('td', { class: 'num' }, valueWithError(p, m))),
      );
    }
  }
}
