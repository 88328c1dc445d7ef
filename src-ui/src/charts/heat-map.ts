import type { MetricInfo, PointView } from '../api/types';
import { formatNumber, h, replace } from '../dom';
import { WEIGHT_AXIS, linesByMethod, methodKey, weightOf, type Axis } from './curves';

/** A metric over the guidance weight (columns) and one EMA axis (rows) of one family of points. */
export interface HeatGrid {
  /** The points' label without weight, axis and seed, e.g. `autoguidance ema_m=0.05 it_g=512`. */
  name: string;
  /** The axis' values, ascending: a row each. */
  rows: number[];
  /** The weights, ascending: a column each. */
  columns: number[];
  /** `cells[i][j]`: the metric at `rows[i]`, `columns[j]`; null where there is no point or value. */
  cells: (number | null)[][];
}

/**
 * The heat maps of `metric` over weight × `axis`: one per family of points (points whose labels
 * agree but for the weight, the axis and the seed) that takes several values on both. A cell is the
 * line point the charts draw against `axis`: the mean over seed repeats.
 */
export function heatGrids(points: PointView[], metric: string, axis: Axis): HeatGrid[] {
  const byId = new Map(points.map((p) => [p.id, p]));
  const families = new Map<string, Map<number, Map<number, number | null>>>();
  for (const line of linesByMethod(points, metric, '', axis)) {
    const name = methodKey(line.name, WEIGHT_AXIS.id);
    for (const { x, y, pointId } of line.points) {
      const point = byId.get(pointId);
      const w = point ? weightOf(point.params) : null;
      if (w === null) {
        continue;
      }
      const family = families.get(name) ?? new Map<number, Map<number, number | null>>();
      families.set(name, family);
      family.set(x, (family.get(x) ?? new Map<number, number | null>()).set(w, y));
    }
  }
  const sorted = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);
  return [...families.entries()]
    .map(([name, family]) => {
      const rows = sorted(family.keys());
      const columns = sorted([...family.values()].flatMap((byW) => [...byW.keys()]));
      const cells = rows.map((row) => columns.map((w) => family.get(row)?.get(w) ?? null));
      return { name, rows, columns, cells };
    })
    .filter((grid) => grid.rows.length > 1 && grid.columns.length > 1);
}

/**
 * How strongly a value is coloured among values from `min` to `max`, 0..1: 1 for the best (the
 * lowest where lower is better, else the highest: a metric that is better neither way is coloured
 * by its value), 0 for the worst.
 */
export function strength(
  value: number,
  min: number,
  max: number,
  better: MetricInfo['better'] | undefined,
): number {
  if (max === min) {
    return 1;
  }
  const t = (value - min) / (max - min);
  return better === 'LOWER' ? 1 - t : t;
}

/** Cells this strong or stronger are printed in the accent's text colour. */
const STRONG = 0.55;

/**
 * The experiment page's w × EMA heat maps of a chosen metric (the first by default), a table per
 * {@link heatGrids} family, each cell printed with 3 significant digits on the accent colour, the
 * stronger the better. Rebuilt on every update; the metric choice stays.
 */
export class HeatMaps {
  private metric: string | null = null;
  private readonly choice = h('select', {
    name: 'heat-metric',
    onchange: () => {
      this.metric = this.choice.value;
      this.render();
    },
  });
  private readonly title = h('h2');
  private readonly tables = h('div', { class: 'heat-map-tables' });
  readonly element = h(
    'section',
    { class: 'heat-maps', hidden: true },
    this.title,
    h('label', { class: 'heat-metric' }, 'metric ', this.choice),
    this.tables,
  );
  private points: PointView[] = [];
  private axis: Axis | null = null;
  private registry = new Map<string, MetricInfo>();

  /** Shows the heat maps of these points over weight × `axis`; hidden without an axis or a grid. */
  update(
    points: PointView[],
    metrics: string[],
    axis: Axis | null,
    registry: Map<string, MetricInfo>,
  ): void {
    this.points = points;
    this.axis = axis;
    this.registry = registry;
    const offered = [...this.choice.options].map((o) => o.value);
    if (offered.join('\n') !== metrics.join('\n')) {
      replace(this.choice, ...metrics.map((m) => h('option', { value: m }, m)));
    }
    if (this.metric === null || !metrics.includes(this.metric)) {
      this.metric = metrics.at(0) ?? null;
    }
    this.choice.value = this.metric ?? '';
    this.render();
  }

  private render(): void {
    const axis = this.axis;
    const metric = this.metric;
    const grids = axis && metric ? heatGrids(this.points, metric, axis) : [];
    this.element.hidden = grids.length === 0;
    if (!axis || !metric) {
      return;
    }
    this.title.textContent = `${metric} over ${axis.title} × ${WEIGHT_AXIS.title}`;
    const better = this.registry.get(metric)?.better;
    const key =
      better === 'HIGHER' || better === 'LOWER'
        ? `the stronger the colour, the better (${better.toLowerCase()})`
        : 'the stronger the colour, the higher';
    replace(
      this.tables,
      ...grids.map((grid) => table(grid, axis, `${grid.name} · ${key}`, better)),
    );
  }
}

/** One grid as a captioned table: a row per axis value, a column per weight. */
function table(
  grid: HeatGrid,
  axis: Axis,
  caption: string,
  better: MetricInfo['better'] | undefined,
): HTMLElement {
  const values = grid.cells.flat().filter((v): v is number => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const cell = (value: number | null, row: number, w: number) => {
    const dataset: Record<string, string> = { w: String(w), ema: String(row) };
    if (value === null) {
      return h('td', { dataset });
    }
    const s = strength(value, min, max, better);
    return h(
      'td',
      {
        dataset: { ...dataset, value: String(value) },
        class: s >= STRONG ? 'strong' : undefined,
        style: `--strength: ${Math.round(10 + 90 * s)}%`,
        title: String(value),
      },
      formatNumber(value, 3),
    );
  };
  return h(
    'div',
    { class: 'table-scroll' },
    h('div', { class: 'caption' }, caption),
    h(
      'table',
      { class: 'heat-map', dataset: { family: grid.name } },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, `${axis.id} \\ w`),
          ...grid.columns.map((w) => h('th', null, w)),
        ),
      ),
      h(
        'tbody',
        null,
        ...grid.rows.map((row, i) =>
          h(
            'tr',
            null,
            h('th', null, row),
            ...grid.cells[i].map((value, j) => cell(value, row, grid.columns[j])),
          ),
        ),
      ),
    ),
  );
}
