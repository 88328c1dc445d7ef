import type { ExperimentView, PointView, ProgressEvent } from '../api/types';

/**
 * The experiment after `event`: the point it names updated the way the ledger updated it, and the
 * experiment's state as the event reports it. Pure, so a snapshot plus the same events gives the
 * same view in every browser.
 */
export function applyEvent(view: ExperimentView, event: ProgressEvent): ExperimentView {
  if (event.experimentId !== view.id) {
    return view;
  }
  const points = view.points.map((point) =>
    point.id === event.pointId ? applyToPoint(point, event) : point,
  );
  const finished = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(event.experimentState);
  return {
    ...view,
    state: event.experimentState,
    updatedAt: event.at,
    finishedAt: finished ? (view.finishedAt ?? event.at) : view.finishedAt,
    points,
  };
}

function applyToPoint(point: PointView, event: ProgressEvent): PointView {
  switch (event.type) {
    case 'claimed':
      return {
        ...point,
        state: 'RUNNING',
        worker: event.worker,
        attempt: event.attempt,
        startedAt: event.at,
        samplesDone: 0,
      };
    case 'partial':
      // Partial values may arrive after a later one was applied from a snapshot: keep the newest.
      if (event.n < point.samplesDone) {
        return point;
      }
      return { ...point, samplesDone: event.n, metrics: event.metrics, stderr: event.stderr };
    case 'completed':
      return {
        ...point,
        state: 'COMPLETED',
        samplesDone: event.n,
        metrics: event.metrics,
        stderr: event.stderr,
        nfePerSample: event.nfePerSample,
        finishedAt: event.at,
      };
    case 'failed':
      return { ...point, state: 'FAILED', error: event.error, finishedAt: event.at };
    case 'cancelled':
      return { ...point, state: 'CANCELLED', finishedAt: event.at };
    case 'requeued':
      return { ...point, state: 'QUEUED', attempt: event.attempt, error: event.reason };
  }
}

/**
 * Seconds until the point is done at the rate it has run so far, or null when unknown (not
 * started, nothing done yet, or finished).
 */
export function etaSeconds(point: PointView, now: Date): number | null {
  if (point.state !== 'RUNNING' || !point.startedAt || point.samplesDone <= 0) {
    return null;
  }
  const elapsed = (now.getTime() - Date.parse(point.startedAt)) / 1000;
  const remaining = point.samples - point.samplesDone;
  return Math.max(0, (elapsed / point.samplesDone) * remaining);
}

/** `42 s`, `3 min 5 s`, `2 h 10 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
