import { describe, expect, it } from 'vitest';
import { experiment, guided, point } from '../testing/builders';
import { matchedWeights } from './matched-weights';

describe('matchedWeights', () => {
  it('lists each method at the weights two experiments share, with both values', () => {
    const done = { state: 'COMPLETED' as const, samplesDone: 1000 };
    const a = experiment([
      { ...point({ id: 'u', metrics: { fd: 9 } }), ...done },
      { ...guided('a2', 'cfg', 2, { fd: 1 }), ...done },
      { ...guided('a4', 'cfg', 4, { fd: 2 }), ...done },
    ]);
    const b = experiment([
      { ...guided('b2', 'cfg', 2, { fd: 3 }), ...done },
      { ...guided('b3', 'cfg', 3, { fd: 5 }), ...done },
    ]);
    expect(matchedWeights([a, b], 'fd')).toEqual([{ line: 'cfg', w: 2, values: [1, 3] }]);
    expect(matchedWeights([a, b], 'kid')).toEqual([]);
  });
});
