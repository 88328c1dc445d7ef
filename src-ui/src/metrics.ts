import { api } from './api/client';
import type { ExperimentView, MetricInfo } from './api/types';

/**
 * The metric registry as the server declares it (`GET /api/metrics`, the Java enum `Metric`): which
 * way each metric is better, what its error bars are and what it costs. Pages read it instead of
 * knowing metrics by name.
 */

let registry: Promise<Map<string, MetricInfo>> | null = null;

/**
 * The registry by metric name, fetched once per page load; empty when it cannot be had (pages then
 * show bare names), and asked for again next time.
 */
export function metricRegistry(): Promise<Map<string, MetricInfo>> {
  registry ??= api
    .metricNames()
    .then((list) => new Map(list.map((m): [string, MetricInfo] => [m.name, m])))
    .catch(() => {
      registry = null;
      return new Map<string, MetricInfo>();
    });
  return registry;
}

const BETTER: Record<MetricInfo['better'], string | null> = {
  HIGHER: 'higher is better',
  LOWER: 'lower is better',
  NEITHER: null,
};

const COST: Record<MetricInfo['cost'], string> = {
  STREAMED: 'streamed: a few operations per sample, after every batch',
  BLOCK_FIT: 'fitted over the jackknife blocks: seconds per point, hours at d = 2048',
  CHECKPOINTS: 'recomputed from the first 10,000 samples at checkpoints: seconds per point',
};

/** A chart title: the metric's name, which way is better and what its error bars are. */
export function metricTitle(name: string, info: MetricInfo | undefined): string {
  const parts = [name];
  const better = info ? BETTER[info.better] : null;
  if (better) {
    parts.push(better);
  }
  if (info?.stderr) {
    parts.push(`bars ±1 ${info.stderr}`);
  }
  return parts.join(' · ');
}

/** What a metric is, for a tooltip: direction, cost, error bars and what it needs. */
export function metricHint(info: MetricInfo): string {
  return [
    BETTER[info.better] ?? 'neither higher nor lower is better: compare with the reference',
    COST[info.cost],
    info.stderr ? `stderr: ${info.stderr}` : 'no stderr',
    ...(info.needsReferenceSamples ? ["needs the reference's own feature vectors"] : []),
  ].join('; ');
}

/** Every metric any point of the experiment reports, in first-seen order. */
export function metricNames(view: ExperimentView): string[] {
  const names = new Set<string>(view.spec.metrics ?? []);
  for (const point of view.points) {
    Object.keys(point.metrics).forEach((m) => names.add(m));
  }
  return [...names];
}
