import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber, h } from '../dom';
import { finalIndices, toColumns, type Columns, type Line } from './curves';
import { tickLabels } from './ticks';

/**
 * A linear y range around the values, padded; a constant value gets ±10 % of itself (±1 at zero)
 * instead of uPlot's 0..100.
 */
function linearRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) {
    return [0, 1];
  }
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return [min - pad, max + pad];
  }
  return uPlot.rangeNum(min, max, 0.1, true);
}

/**
 * An axis drawn in the page's colours (uPlot draws on a canvas, so it cannot inherit them): its
 * labels in the text colour, its grid and ticks in the line colour — light or dark as the system is.
 */
function axisColours(): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks'> {
  const style = getComputedStyle(document.documentElement);
  const text = style.getPropertyValue('--fg').trim() || '#1d2330';
  const line = style.getPropertyValue('--line').trim() || '#d9dde5';
  return { stroke: text, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
}

/** Colours of successive lines: distinguishable on a light and on a dark background. */
export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  height?: number;
  /** Log-scaled x axis (sample counts). */
  logX?: boolean;
  /** Called with the line nearest a click and the x value clicked. */
  onPick?: (line: Line, x: number) => void;
  /** The x range to show at first, as if the user had zoomed to it. */
  zoom?: [number, number];
  /** Called with the x range the user zoomed to, and with null when a double click resets it. */
  onZoom?: (range: [number, number] | null) => void;
}

/**
 * One uPlot chart of lines against a shared x, with ±1 standard-error bars where a line has them.
 * {@link update} feeds new data without losing the user's zoom: once the user has drag-zoomed,
 * scales stay until a double click resets them. Resizes with its container. A "log y" box puts the
 * y axis on a log scale while every value is positive; the legend shows each line's latest value
 * when the cursor is not on the chart.
 */
export class LineChart {
  readonly element: HTMLElement;
  private readonly plotElement: HTMLElement;
  private readonly logToggle: HTMLInputElement;
  private plot: uPlot | null = null;
  private lines: Line[] = [];
  private columns: Columns = { x: [], ys: [], errs: [], notes: [] };
  private zoomed = false;
  /** {@link LineChartOptions.zoom}, until the first plot shows it. */
  private pendingZoom: [number, number] | null;
  private logY = false;
  private readonly resize: ResizeObserver;

  constructor(private readonly options: LineChartOptions) {
    this.pendingZoom = options.zoom ?? null;
    this.logToggle = h('input', {
      type: 'checkbox',
      disabled: true,
      onchange: () => {
        this.logY = this.logToggle.checked;
        this.redraw();
      },
    });
    this.plotElement = h('div');
    this.element = h(
      'div',
      { class: 'chart', dataset: { chart: options.title } },
      h(
        'label',
        { class: 'log-toggle', title: 'log-scaled y axis (all values > 0)' },
        this.logToggle,
        ' log y',
      ),
      this.plotElement,
    );
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.element);
  }

  /** Shows these lines: a new plot when the set of lines changed, else new data in place. */
  update(lines: Line[]): void {
    const sameSeries =
      this.plot !== null &&
      lines.length === this.lines.length &&
      lines.every((l, i) => l.name === this.lines[i].name && l.flat === this.lines[i].flat);
    this.lines = lines;
    this.columns = toColumns(lines);
    const positive = this.columns.ys.every((y) => y.every((v) => v === null || v > 0));
    this.logToggle.disabled = !positive;
    const logLost = this.logY && !positive;
    if (logLost) {
      this.logY = false;
      this.logToggle.checked = false;
    }
    if (sameSeries && this.plot && !logLost) {
      this.plot.setData(this.data(), !this.zoomed);
    } else {
      this.redraw();
    }
  }

  private data(): uPlot.AlignedData {
    return [this.columns.x, ...this.columns.ys] as uPlot.AlignedData;
  }

  /** A new plot of the current lines and scale. */
  private redraw(): void {
    this.plot?.destroy();
    this.zoomed = false;
    this.plot = new uPlot(this.plotOptions(), this.data(), this.plotElement);
    if (this.pendingZoom && this.columns.x.length > 0) {
      const [min, max] = this.pendingZoom;
      this.pendingZoom = null;
      this.zoomed = true;
      this.plot.setScale('x', { min, max });
    }
  }

  /**
   * Line {@code series}' value at the cursor, or its latest value when the cursor is away, with its
   * note (a partial value's n, the seeds a mean is over).
   */
  private legendValue(series: number, value: number | null, index: number | null): string {
    const notes = this.columns.notes[series - 1] ?? [];
    const noted = (v: number | null, j: number) =>
      notes[j] ? `${formatNumber(v)} (${notes[j]})` : formatNumber(v);
    if (index !== null) {
      return noted(value, index);
    }
    const y = this.columns.ys[series - 1] ?? [];
    for (let j = y.length - 1; j >= 0; j--) {
      if (y[j] !== null) {
        return noted(y[j], j);
      }
    }
    return formatNumber(null);
  }

  /**
   * The indices where line {@code series} has a final value, marked with a point; a partial value
   * (its points still running) gets no marker, only the line through it and its legend note.
   */
  private finalPoints(series: number): number[] {
    return finalIndices(this.columns, series - 1);
  }

  /** Whether the user has zoomed in (and updates keep the zoom). */
  isZoomed(): boolean {
    return this.zoomed;
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
  }

  private width(): number {
    return Math.max(240, this.element.clientWidth || 480);
  }

  private fit(): void {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 2) {
      this.plot.setSize({ width: this.width(), height: this.options.height ?? 260 });
    }
  }

  private plotOptions(): uPlot.Options {
    const options = this.options;
    return {
      title: options.title,
      width: this.width(),
      height: options.height ?? 260,
      // uPlot.Scale.Distr is an ambient const enum: with isolatedModules (esbuild) it cannot be
      // read at run time, so its values are written out, 3 Logarithmic and 1 Linear.
      scales: {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
        x: { time: false, distr: options.logX ? 3 : 1 },
        // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
        y: this.logY ? { distr: 3 } : { distr: 1, range: linearRange },
      },
      axes: [
        { label: options.xLabel, ...axisColours() },
        {
          label: options.yLabel,
          size: 70,
          values: (_u, splits) => tickLabels(splits),
          ...axisColours(),
        },
      ],
      series: [
        { label: options.xLabel },
        ...this.lines.map((line, i) => ({
          label: line.name,
          stroke: PALETTE[i % PALETTE.length],
          width: line.flat ? 1.5 : 2,
          dash: line.flat ? [6, 4] : undefined,
          spanGaps: true,
          value: (_u: uPlot, v: number | null, series: number, index: number | null) =>
            this.legendValue(series, v, index),
          points: {
            show: !line.flat,
            size: 7,
            filter: (_u: uPlot, series: number) => this.finalPoints(series),
          },
        })),
      ],
      cursor: { drag: { x: true, y: true, uni: 20 } },
      hooks: {
        draw: [(u) => this.drawErrorBars(u)],
        // The x range shown, on the element: what a zoom changed (and browser tests read).
        setScale: [
          (u, key) => {
            if (key === 'x') {
              const { min, max } = u.scales.x;
              this.element.dataset.xRange = `${min ?? ''}..${max ?? ''}`;
              if (this.zoomed && min != null && max != null) {
                this.options.onZoom?.([min, max]);
              }
            }
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width > 0 || u.select.height > 0) {
              this.zoomed = true;
              // uPlot sets the zoomed scales after this hook: report the x range once it has.
              setTimeout(() => {
                const { min, max } = u.scales.x;
                if (this.zoomed && min != null && max != null) {
                  this.options.onZoom?.([min, max]);
                }
              });
            }
          },
        ],
        ready: [
          (u) => {
            u.over.addEventListener('dblclick', () => {
              this.zoomed = false;
              this.options.onZoom?.(null);
            });
            u.over.addEventListener('click', () => this.pick(u));
          },
        ],
      },
    };
  }

  /** Vertical ±stderr bars with caps, in each line's colour. */
  private drawErrorBars(u: uPlot): void {
    const { x, ys, errs } = this.columns;
    const ctx = u.ctx;
    const cap = 4 * devicePixelRatio;
    ctx.save();
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ys.forEach((y, i) => {
      if (!u.series[i + 1]?.show) {
        return;
      }
      ctx.strokeStyle = PALETTE[i % PALETTE.length];
      x.forEach((xv, j) => {
        const value = y[j];
        const err = errs[i][j];
        if (value === null || err === null || err <= 0) {
          return;
        }
        const px = u.valToPos(xv, 'x', true);
        const top = u.valToPos(value + err, 'y', true);
        const bottom = u.valToPos(value - err, 'y', true);
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.moveTo(px - cap, top);
        ctx.lineTo(px + cap, top);
        ctx.moveTo(px - cap, bottom);
        ctx.lineTo(px + cap, bottom);
        ctx.stroke();
      });
    });
    ctx.restore();
  }

  /** The line nearest the cursor at the hovered x, reported to `onPick`. */
  private pick(u: uPlot): void {
    const index = u.cursor.idx;
    const top = u.cursor.top;
    if (!this.options.onPick || index === null || index === undefined || top === undefined) {
      return;
    }
    let best = -1;
    let distance = Infinity;
    this.columns.ys.forEach((y, i) => {
      const value = y[index];
      if (value !== null && !this.lines[i].flat) {
        const d = Math.abs(u.valToPos(value, 'y') - top);
        if (d < distance) {
          distance = d;
          best = i;
        }
      }
    });
    if (best >= 0) {
      this.options.onPick(this.lines[best], this.columns.x[index]);
    }
  }
}
