import { describe, expect, it } from 'vitest';
import { densityShade, extremes } from './scatter';

describe('extremes', () => {
  it('finds the least and most realistic samples, skipping undefined scores', () => {
    const realism = [0.9, null, 0.1, 2.5, 1.0, 0.05];
    expect(extremes(realism, 2)).toEqual({ least: [5, 2], most: [3, 4] });
  });
});

describe('densityShade', () => {
  it('is 1 at the peak, 0 far below, in equal bands between', () => {
    expect(densityShade(3, 3)).toBe(1);
    expect(densityShade(-20, 3)).toBe(0);
    expect(densityShade(3 - 6, 3, 12, 12)).toBe(0.5);
    expect(densityShade(3 - 5.5, 3, 12, 12)).toBe(7 / 12);
  });
});
