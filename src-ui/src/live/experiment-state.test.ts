import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../api/types';
import { experiment, point } from '../testing/builders';
import { applyEvent, etaSeconds, formatDuration, sweepEtaSeconds } from './experiment-state';

const view = experiment([point({ id: 'a' }), point({ id: 'b', ordinal: 1 })]);
const base = { experimentId: view.id, pointId: 'a', at: '2026-11-23T10:00:10Z' } as const;

describe('applyEvent', () => {
  it('claims: the point runs from zero samples on its attempt, on its worker’s device', () => {
    const next = applyEvent(view, {
      ...base,
      type: 'claimed',
      experimentState: 'RUNNING',
      worker: 'w1',
      device: 'cuda:1',
      attempt: 1,
    });
    expect(next.state).toBe('RUNNING');
    expect(next.points[0]).toMatchObject({
      state: 'RUNNING',
      worker: 'w1',
      device: 'cuda:1',
      attempt: 1,
      samplesDone: 0,
    });
    expect(next.points[0].startedAt).toBe(base.at);
    expect(next.points[1]).toBe(view.points[1]);
  });

  it('partial values update samples and metrics, but never go back in n', () => {
    const partial = (n: number, fd: number): ProgressEvent => ({
      ...base,
      type: 'partial',
      experimentState: 'RUNNING',
      n,
      samples: 10000,
      metrics: { fd },
      stderr: { fd: 0.1 },
    });
    const later = applyEvent(view, partial(2000, 0.4));
    expect(later.points[0]).toMatchObject({ samplesDone: 2000, metrics: { fd: 0.4 } });
    expect(applyEvent(later, partial(1000, 0.9)).points[0].metrics.fd).toBe(0.4);
  });

  it('completion records final metrics, cost and the experiment’s state', () => {
    const next = applyEvent(view, {
      ...base,
      type: 'completed',
      experimentState: 'COMPLETED',
      n: 10000,
      metrics: { fd: 0.1 },
      stderr: {},
      nfePerSample: 63,
    });
    expect(next.points[0]).toMatchObject({
      state: 'COMPLETED',
      samplesDone: 10000,
      nfePerSample: 63,
    });
    expect(next.state).toBe('COMPLETED');
    expect(next.finishedAt).toBe(base.at);
  });

  it('failure, cancellation and requeue move the point', () => {
    expect(
      applyEvent(view, { ...base, type: 'failed', experimentState: 'FAILED', error: 'boom' })
        .points[0],
    ).toMatchObject({ state: 'FAILED', error: 'boom' });
    expect(
      applyEvent(view, { ...base, type: 'cancelled', experimentState: 'CANCELLED' }).points[0]
        .state,
    ).toBe('CANCELLED');
    expect(
      applyEvent(view, {
        ...base,
        type: 'requeued',
        experimentState: 'RUNNING',
        attempt: 1,
        reason: 'lost heartbeat',
      }).points[0],
    ).toMatchObject({ state: 'QUEUED', attempt: 1, error: 'lost heartbeat' });
  });

  it('ignores events of other experiments', () => {
    const other = {
      ...base,
      experimentId: 'x',
      type: 'cancelled',
      experimentState: 'CANCELLED',
    } as const;
    expect(applyEvent(view, other)).toBe(view);
  });
});

describe('etaSeconds', () => {
  const running = point({
    state: 'RUNNING',
    startedAt: '2026-11-23T10:00:00Z',
    samplesDone: 2500,
    samples: 10000,
  });

  it('extrapolates the rate so far', () => {
    expect(etaSeconds(running, new Date('2026-11-23T10:00:10Z'))).toBeCloseTo(30, 9);
  });

  it('is unknown before the first samples and after the end', () => {
    expect(etaSeconds({ ...running, samplesDone: 0 }, new Date())).toBeNull();
    expect(etaSeconds({ ...running, state: 'COMPLETED' }, new Date())).toBeNull();
  });
});

describe('formatDuration', () => {
  it('reads naturally', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(7800)).toBe('2 h 10 min');
  });
});

describe('sweepEtaSeconds', () => {
  const now = new Date('2026-11-23T10:01:00Z');
  const completed = point({
    id: 'c',
    state: 'COMPLETED',
    samples: 1000,
    samplesDone: 1000,
    startedAt: '2026-11-23T10:00:00Z',
    finishedAt: '2026-11-23T10:00:20Z', // 20 s per 1000 samples
  });
  const running = (id: string, worker: string) =>
    point({
      id,
      state: 'RUNNING',
      worker,
      samples: 1000,
      samplesDone: 500,
      startedAt: '2026-11-23T10:00:50Z', // 10 s for half: 10 s left
    });
  const queued = (id: string) => point({ id, state: 'QUEUED', samples: 2000 }); // 40 s of work

  it('spreads the work left over the workers running the experiment', () => {
    const one = experiment([completed, running('r1', 'w1'), queued('q1')]);
    expect(sweepEtaSeconds(one, now)).toBeCloseTo(10 + 40, 9);
    const two = experiment([completed, running('r1', 'w1'), running('r2', 'w2'), queued('q1')]);
    expect(sweepEtaSeconds(two, now)).toBeCloseTo((10 + 10 + 40) / 2, 9);
  });

  it('is unknown before any pace is measured and when nothing is left', () => {
    expect(sweepEtaSeconds(experiment([queued('q1')]), now)).toBeNull();
    expect(sweepEtaSeconds(experiment([completed]), now)).toBeNull();
    const reused = {
      ...completed,
      reusedFrom: { experimentId: 'e', experimentName: 'n', pointId: 'p', label: 'l' },
    };
    expect(sweepEtaSeconds(experiment([reused, queued('q1')]), now)).toBeNull();
  });
});
