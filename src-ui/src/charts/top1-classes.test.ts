import { describe, expect, it } from 'vitest';
import type { PointTop1 } from '../api/types';
import { topClasses } from './top1-classes';

const top1: PointTop1 = {
  pointId: 'p',
  classes: 4,
  n: 10,
  referenceN: 4,
  generated: [0, 10, 0, 0],
  reference: [2, 1, 0, 1],
  tv: 0.75,
  stderr: 0.2,
};

describe('topClasses', () => {
  it('ranks classes by their larger share, skips empty ones and keeps the first k', () => {
    expect(topClasses(top1, 10)).toEqual([
      { index: 1, generated: 1, reference: 0.25 },
      { index: 0, generated: 0, reference: 0.5 },
      { index: 3, generated: 0, reference: 0.25 },
    ]);
    expect(topClasses(top1, 1).map((s) => s.index)).toEqual([1]);
  });
});
