import type { PointView } from '../api/types';
import { formatNumber, h } from '../dom';
import { etaSeconds, formatDuration } from '../live/experiment-state';

/** The cells of a point's row on the experiment page. */

/** Samples done of the point's samples, with the time left while it runs. */
export function progress(p: PointView, now: Date): HTMLElement {
  const fraction = p.samples > 0 ? p.samplesDone / p.samples : 0;
  const eta = etaSeconds(p, now);
  return h(
    'div',
    { class: 'progress' },
    h('progress', { max: p.samples, value: p.samplesDone }),
    h(
      'span',
      null,
      `${p.samplesDone}/${p.samples} (${Math.round(fraction * 100)} %)`,
      eta === null ? '' : ` · ${formatDuration(eta)} left`,
    ),
  );
}

/** A metric's latest value, with its standard error where it has one. */
export function valueWithError(p: PointView, metric: string): string {
  const value = formatNumber(p.metrics[metric]);
  const err = p.stderr[metric] ?? null; // undefined for a metric without one
  return err === null ? value : `${value} ± ${formatNumber(err)}`;
}

/**
 * For a point that reused a completed point's results, or continued one of fewer samples, which
 * point, linked; else null.
 */
export function reused(p: PointView): HTMLElement | null {
  const [how, source] = p.reusedFrom
    ? ['reused from ', p.reusedFrom]
    : p.extendedFrom
      ? ['extended from ', p.extendedFrom]
      : [null, null];
  if (!source) {
    return null;
  }
  return h(
    'div',
    { class: 'reused', dataset: { source: source.pointId } },
    how,
    h(
      'a',
      { href: `#/experiments/${source.experimentId}` },
      `${source.experimentName} · ${source.label}`,
    ),
  );
}
