import type { SpecCheck } from '../api/types';
import { h } from '../dom';
import { formatDuration } from '../live/experiment-state';

type Cost = SpecCheck['cost'];

/** `1.2 M`, `558 M`, `3.1 G`: a count in three significant digits. */
export function compactCount(n: number): string {
  const units: [number, string][] = [
    [1e9, ' G'],
    [1e6, ' M'],
    [1e3, ' k'],
  ];
  for (const [size, suffix] of units) {
    if (n >= size) {
      return `${Number((n / size).toPrecision(3))}${suffix}`;
    }
  }
  return String(n);
}

/**
 * What a spec costs, in one line: its samples and network evaluations, and the time the workers
 * now active would take at their measured throughput (after the work queued ahead), or why there
 * is no estimate.
 */
export function costText(cost: Cost): string {
  const size = `${compactCount(cost.samples)} samples · ≤ ${compactCount(cost.evaluations)} network evaluations`;
  if (cost.seconds === null) {
    return cost.workers === 0
      ? `${size} · no worker active to estimate its time`
      : `${size} · no throughput measured yet to estimate its time`;
  }
  const workers = cost.workers === 1 ? '1 worker' : `${cost.workers} workers`;
  const ahead =
    cost.queuedEvaluations > 0
      ? `, after ${compactCount(cost.queuedEvaluations)} evaluations queued ahead`
      : '';
  return `${size} · about ${formatDuration(cost.seconds)} on ${workers}${ahead}`;
}

/** The cost line, with its warning above it when the server says the spec is large. */
export function costElement(cost: Cost): HTMLElement {
  return h(
    'div',
    { class: 'cost' },
    ...(cost.warning ? [h('div', { class: 'cost-warning' }, `Large sweep: ${cost.warning}`)] : []),
    h('div', { class: 'muted' }, costText(cost)),
  );
}
