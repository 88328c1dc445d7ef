import { describe, expect, it } from 'vitest';
import { compactCount, costText } from './cost';

const cost = {
  points: 10,
  samples: 10_000_000,
  evaluations: 558_000_000,
  workers: 2,
  evaluationsPerSecond: 1e6,
  queuedEvaluations: 2_000_000,
  seconds: 560,
  warning: null,
};

describe('cost', () => {
  it('writes counts in three significant digits', () => {
    expect(compactCount(999)).toBe('999');
    expect(compactCount(1234)).toBe('1.23 k');
    expect(compactCount(558_000_000)).toBe('558 M');
    expect(compactCount(3_100_000_000)).toBe('3.1 G');
  });

  it('estimates the time on the active workers after the work ahead', () => {
    expect(costText(cost)).toBe(
      '10 M samples · ≤ 558 M network evaluations · about 9 min 20 s on 2 workers, ' +
        'after 2 M evaluations queued ahead',
    );
  });

  it('says why there is no estimate', () => {
    expect(costText({ ...cost, seconds: null, evaluationsPerSecond: null, workers: 0 })).toContain(
      'no worker active',
    );
    expect(costText({ ...cost, seconds: null, evaluationsPerSecond: null })).toContain(
      'no throughput measured yet',
    );
  });
});
