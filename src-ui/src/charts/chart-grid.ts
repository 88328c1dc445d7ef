import { h } from '../dom';
import type { Line } from './curves';
import { LineChart, type LineChartOptions } from './line-chart';

/**
 * One chart per metric, in the order metrics are first shown, each created on first use and fed
 * in place afterwards (so each keeps its zoom).
 */
export class ChartGrid {
  readonly element = h('div', { class: 'chart-grid' });
  private readonly charts = new Map<string, LineChart>();

  constructor(private readonly options: (metric: string) => LineChartOptions) {}

  update(metric: string, lines: Line[]): void {
    let chart = this.charts.get(metric);
    if (!chart) {
      chart = new LineChart(this.options(metric));
      this.charts.set(metric, chart);
      this.element.append(chart.element);
    }
    chart.update(lines);
  }

  /** Removes every chart: the next updates make new ones (e.g. against another x axis). */
  clear(): void {
    this.destroy();
    this.charts.clear();
    this.element.replaceChildren();
  }

  destroy(): void {
    this.charts.forEach((c) => c.destroy());
  }
}
