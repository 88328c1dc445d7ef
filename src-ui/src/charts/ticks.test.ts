import { describe, expect, it } from 'vitest';
import { tickLabels } from './ticks';

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
