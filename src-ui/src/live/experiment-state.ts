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
        device: event.device,
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

/**
 * Seconds until the whole experiment is done at the pace it has run so far, or null when unknown
 * (no point computed or started yet, or nothing left): a queued point takes as long per sample as
 * this experiment's computed points took on average, a running point its own {@link etaSeconds},
 * and the workers running its points now share the work. Reused points took no time and are left
 * out of the pace.
 */
export function sweepEtaSeconds(view: ExperimentView, now: Date): number | null {
  const computed = view.points.filter(
    (p) =>
      p.state === 'COMPLETED' && !p.reusedFrom && p.startedAt && p.finishedAt && p.samplesDone > 0,
  );
  const running = view.points.filter((p) => p.state === 'RUNNING');
  const queued = view.points.filter((p) => p.state === 'QUEUED');
  if (queued.length === 0 && running.length === 0) {
    return null;
  }
  const runningLeft = running.map((p) => etaSeconds(p, now));
  const samplesTaken = computed.reduce((a, p) => a + p.samplesDone, 0);
  const secondsTaken = computed.reduce(
    (a, p) => a + (Date.parse(p.finishedAt ?? '') - Date.parse(p.startedAt ?? '')) / 1000,
    0,
  );
  if (runningLeft.some((s) => s === null) || (queued.length > 0 && samplesTaken === 0)) {
    return null;
  }
  const queuedSeconds =
    queued.length === 0
      ? 0
      : (queued.reduce((a, p) => a + p.samples, 0) * secondsTaken) / samplesTaken;
  // The work left, in one worker's seconds, shared by the workers on it now (at least one); never
  // sooner than its longest running point.
  const left = runningLeft.map((s) => s ?? 0);
  const workers = Math.max(1, new Set(running.map((p) => p.worker)).size);
  const total = left.reduce((a, s) => a + s, 0) + queuedSeconds;
  return Math.max(0, ...left, total / workers);
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
