import type { GuidanceParams, MetricSample, PointView } from '../api/types';

/** One point of a line: x, the value (null where undefined) and its standard error. */
export interface LinePoint {
  x: number;
  y: number | null;
  err: number | null;
  pointId: string;
  /**
   * What the value is when it is not simply one finished point's: `partial n=2,000` while its
   * points run, `mean of 2 seeds` (`of 3` when a seed is further along or has no value yet).
   */
  note: string | null;
}

/**
 * One line of a chart. A `flat` line (unguided sampling, which has no weight) is drawn at its
 * value across every x, dashed, as the baseline the guided lines are compared against.
 */
export interface Line {
  name: string;
  points: LinePoint[];
  flat: boolean;
}

/** How a line point's note starts while its points still run (`partial n=2,000`). */
export const PARTIAL = 'partial';

/** Lines aligned on one sorted x axis, as uPlot takes them: `ys[i][j]` is line i at `x[j]`. */
export interface Columns {
  x: number[];
  ys: (number | null)[][];
  errs: (number | null)[][];
  notes: (string | null)[][];
}

/** The guidance weight of a point: the innermost `weight` (wrappers hold it in `inner`). */
export function weightOf(params: GuidanceParams): number | null {
  if (typeof params.weight === 'number') {
    return params.weight;
  }
  return params.inner ? weightOf(params.inner) : null;
}

/**
 * A sweep axis a chart can draw a metric against: the guidance weight, or one of a post-hoc EMA
 * sweep's axes (docs/post-hoc-ema.md) that labels name by a token (`autoguidance w=3 ema_g=0.1`).
 */
export interface Axis {
  /** The axis' token in point labels, also its name in the experiment page's URL (`?x=ema_g`). */
  id: 'w' | 'ema_g' | 'ema_m' | 'it_g';
  /** What the x axis shows. */
  title: string;
  /** A point's value on the axis; null when it has none. */
  value: (point: PointView) => number | null;
  /**
   * Whether points without a value are drawn as a flat baseline (unguided sampling, which has no
   * weight) rather than left out.
   */
  baseline: boolean;
}

/** The guidance weight: the axis every chart has. */
export const WEIGHT_AXIS: Axis = {
  id: 'w',
  title: 'guidance weight w',
  value: (point) => weightOf(point.params),
  baseline: true,
};

/** Every axis, the weight first, then the EMA sweep's: guide EMA, main EMA, guide iteration. */
export const AXES: readonly Axis[] = [
  WEIGHT_AXIS,
  { id: 'ema_g', title: 'guide EMA σ_rel', value: (p) => p.ema?.guide ?? null, baseline: false },
  { id: 'ema_m', title: 'main EMA σ_rel', value: (p) => p.ema?.main ?? null, baseline: false },
  {
    id: 'it_g',
    title: 'guide iteration',
    value: (p) => p.ema?.guideIteration ?? null,
    baseline: false,
  },
];

/**
 * The axes these points can be drawn against: the weight, and each other axis along which they take
 * more than one value.
 */
export function sweptAxes(points: PointView[]): Axis[] {
  return AXES.filter((axis) => {
    if (axis === WEIGHT_AXIS) {
      return true;
    }
    const values = new Set(points.map(axis.value).filter((v) => v !== null));
    return values.size > 1;
  });
}

/**
 * The line a point belongs to: its label without the axis' token (the weight by default) and the
 * seed, e.g. `cfg w=2` and `cfg w=2 seed=3` → `cfg`; `autoguidance w=2 ema_g=0.1` on `ema_g` →
 * `autoguidance w=2`. On an EMA axis also without the guides a label ends with where its method's
 * points name different ones (`… (toy-mlp:A-32@it=512,ema=0.1)`): post-hoc EMA addresses, which
 * differ by the axis' value.
 */
export function methodKey(label: string, axis: Axis['id'] = 'w'): string {
  let key = label.replace(new RegExp(`(^|\\s)(${axis}|seed)=\\S+`, 'g'), ' ');
  if (axis !== WEIGHT_AXIS.id) {
    key = key.replace(/\s\([^()]*\)\s*$/, '');
  }
  return key.replace(/\s+/g, ' ').trim() || label;
}

/**
 * One line per method: `metric` against an axis (the guidance weight unless another is given),
 * ordered by x. Points without a weight (method `none`) make flat lines; points without a value on
 * another axis are left out, and so are cancelled and failed points (the table still lists them).
 * Repeats of a point with other seeds are one line point: the mean over the seeds furthest along
 * (the same n) that have a value, with the standard error of that mean as its error bar (a single
 * run keeps its own standard error, e.g. FD's jackknife); its note says over how many seeds, and
 * that it is partial while they run.
 *
 * @param prefix put before each line's name (the experiment's, when comparing)
 */
export function linesByMethod(
  points: PointView[],
  metric: string,
  prefix = '',
  axis: Axis = WEIGHT_AXIS,
): Line[] {
  const drawn = points.filter(
    (p) =>
      p.state !== 'CANCELLED' && p.state !== 'FAILED' && (axis.baseline || axis.value(p) !== null),
  );
  const x = (point: PointView) => axis.value(point) ?? 1; // a baseline's one point: at w = 1
  const groups = new Map<string, Map<number, PointView[]>>();
  const flat = new Map<string, boolean>();
  const lineName = lineNames(drawn, axis, x);
  for (const point of drawn) {
    const name = prefix + lineName(point);
    const byX = groups.get(name) ?? new Map<number, PointView[]>();
    groups.set(name, byX);
    flat.set(name, axis.value(point) === null);
    byX.set(x(point), [...(byX.get(x(point)) ?? []), point]);
  }
  return [...groups.entries()].map(([name, byX]) => ({
    name,
    flat: flat.get(name) ?? false,
    points: [...byX.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([at, repeats]) => ({ x: at, ...overSeeds(repeats, metric), pointId: repeats[0].id })),
  }));
}

/**
 * Each point's line name among these points: its {@link methodKey}, plus its guide models where
 * points of one line at one x differ in their params (labels leave guide ids out), so that only seed
 * repeats share a line point.
 */
function lineNames(
  points: PointView[],
  axis: Axis,
  x: (point: PointView) => number,
): (point: PointView) => string {
  const variants = new Map<string, Set<string>>();
  const distinct = new Set<string>();
  for (const point of points) {
    const key = methodKey(point.label, axis.id);
    const at = `${key} @ ${x(point)}`;
    const params = (variants.get(at) ?? new Set()).add(JSON.stringify(point.params));
    variants.set(at, params);
    if (params.size > 1) {
      distinct.add(key);
    }
  }
  return (point) => {
    const key = methodKey(point.label, axis.id);
    return distinct.has(key) ? `${key} (${guides(point.params).join(', ')})` : key;
  };
}

/** Every guide model a point names, outermost first. */
function guides(params: GuidanceParams): string[] {
  const own = ['guide', 'cfgGuide', 'autoGuide']
    .map((k) => params[k])
    .filter((g): g is string => typeof g === 'string');
  return params.inner ? [...own, ...guides(params.inner)] : own;
}

/** A metric over a point's repeats: the value and error of one run, or the mean and its SE. */
function overSeeds(
  repeats: PointView[],
  metric: string,
): { y: number | null; err: number | null; note: string | null } {
  const valued = repeats.filter((p) => finite(p.metrics[metric]) !== null);
  // Only seeds at the same n are averaged: those furthest along.
  const n = Math.max(0, ...valued.map((p) => p.samplesDone));
  const atN = valued.filter((p) => p.samplesDone === n);
  const partial = atN.some((p) => p.state !== 'COMPLETED');
  const notes = [
    ...(partial ? [`${PARTIAL} n=${n.toLocaleString('en-US')}`] : []),
    ...(repeats.length > 1 && atN.length > 0
      ? [`mean of ${atN.length}${atN.length < repeats.length ? ` of ${repeats.length}` : ''} seeds`]
      : []),
  ];
  const note = notes.length > 0 ? notes.join(', ') : null;
  if (atN.length === 0) {
    return { y: null, err: null, note };
  }
  if (repeats.length === 1) {
    return { y: finite(atN[0].metrics[metric]), err: finite(atN[0].stderr[metric]), note };
  }
  const values = atN.map((p) => finite(p.metrics[metric]) ?? 0);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length === 1) {
    return { y: mean, err: null, note };
  }
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { y: mean, err: Math.sqrt(variance / values.length), note };
}

/** The x indices where line `line` of `columns` has a value that is final (not partial). */
export function finalIndices(columns: Columns, line: number): number[] {
  const y = columns.ys[line] ?? [];
  const notes = columns.notes[line] ?? [];
  return y.flatMap((v, j) => (v !== null && !notes[j]?.startsWith(PARTIAL) ? [j] : []));
}

/**
 * Aligns lines on the union of their x values (uPlot's column layout). A line has null where it has
 * no point; a flat line has its (first) value everywhere, over w ∈ [0, 2] when no line has weights.
 */
export function toColumns(lines: Line[]): Columns {
  const xs = new Set<number>();
  for (const line of lines) {
    if (!line.flat) {
      line.points.forEach((p) => xs.add(p.x));
    }
  }
  if (xs.size === 0) {
    // Only unguided points (at w = 1): their baselines span w ∈ [0, 2] rather than one point.
    lines.forEach((line) =>
      line.points.forEach((p) => [p.x - 1, p.x + 1].forEach((v) => xs.add(v))),
    );
  }
  const x = [...xs].sort((a, b) => a - b);
  const ys: (number | null)[][] = [];
  const errs: (number | null)[][] = [];
  const notes: (string | null)[][] = [];
  for (const line of lines) {
    if (line.flat) {
      const first = line.points.at(0);
      ys.push(x.map(() => first?.y ?? null));
      errs.push(x.map(() => null));
      notes.push(x.map(() => first?.note ?? null));
    } else {
      const at = new Map(line.points.map((p) => [p.x, p]));
      ys.push(x.map((v) => at.get(v)?.y ?? null));
      errs.push(x.map((v) => at.get(v)?.err ?? null));
      notes.push(x.map((v) => at.get(v)?.note ?? null));
    }
  }
  return { x, ys, errs, notes };
}

/** A metric of one point against its sample count n, from the stored series plus live values. */
export class MetricHistory {
  private readonly byKey = new Map<string, Map<number, MetricSample>>();

  constructor(samples: MetricSample[] = []) {
    samples.forEach((s) => this.add(s));
  }

  add(sample: MetricSample): void {
    const key = `${sample.pointId} ${sample.metric}`;
    let byN = this.byKey.get(key);
    if (!byN) {
      byN = new Map();
      this.byKey.set(key, byN);
    }
    byN.set(sample.n, sample);
  }

  /** Adds every metric of a partial or final value after `n` samples. */
  addAll(
    pointId: string,
    n: number,
    metrics: Record<string, number | null>,
    stderr: Record<string, number | null>,
  ): void {
    for (const [metric, value] of Object.entries(metrics)) {
      this.add({ pointId, metric, n, value, stderr: stderr[metric] ?? null });
    }
  }

  /** `metric` of `pointId` against n, ordered by n. */
  line(pointId: string, metric: string): Line {
    const byN = this.byKey.get(`${pointId} ${metric}`) ?? new Map<number, MetricSample>();
    const points = [...byN.values()]
      .sort((a, b) => a.n - b.n)
      .map((s) => ({ x: s.n, y: finite(s.value), err: finite(s.stderr), pointId, note: null }));
    return { name: metric, points, flat: false };
  }
}

function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
