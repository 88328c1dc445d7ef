import { describe, expect, it } from 'vitest';
import { tickLabels, valueLabel } from './ticks';

describe('tickLabels', () => {
  it('keeps tiny ticks apart instead of rounding them to 0', () => {
    expect(tickLabels([0, 1e-5, 2e-5, 3e-5])).toEqual(['0', '1e-5', '2e-5', '3e-5']);
    expect(tickLabels([2.5e-6, 2.75e-6, 3e-6])).toEqual(['2.50e-6', '2.75e-6', '3.00e-6']);
  });

  it('uses as many decimals as the step needs for ordinary values', () => {
    expect(tickLabels([0, 0.25, 0.5, 0.75])).toEqual(['0.00', '0.25', '0.50', '0.75']);
    expect(tickLabels([10, 20, 30])).toEqual(['10', '20', '30']);
    expect(tickLabels([-0.002, 0, 0.002])).toEqual(['-0.002', '0.000', '0.002']);
  });

  it('goes exponential for huge values and leaves all-zero axes alone', () => {
    expect(tickLabels([0, 5e6, 1e7])).toEqual(['0', '5.0e+6', '1.0e+7']);
    expect(tickLabels([0, 0])).toEqual(['0', '0']);
  });
});

describe('valueLabel', () => {
  it('shows four significant digits, exponential when tiny', () => {
    expect(valueLabel(0.123456)).toBe('0.1235');
    expect(valueLabel(2.9349537e-5)).toBe('2.935e-5');
    expect(valueLabel(-5.98e-8)).toBe('-5.980e-8');
    expect(valueLabel(0)).toBe('0');
    expect(valueLabel(null)).toBe('--');
    expect(valueLabel(Number.NaN)).toBe('--');
  });
});
