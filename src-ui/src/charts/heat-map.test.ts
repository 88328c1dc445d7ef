import { describe, expect, it } from 'vitest';
import type { PointView } from '../api/types';
import { point } from '../testing/builders';
import { AXES, type Axis } from './curves';
import { heatGrids, strength } from './heat-map';

const GUIDE_EMA = AXES.find((a) => a.id === 'ema_g') as Axis;

/** An autoguidance point at weight `w` and guide σ_rel `ema`, of the family its main σ_rel names. */
function at(id: string, w: number, ema: number, fd: number | null, main = 0.05): PointView {
  return point({
    id,
    label: `autoguidance w=${w} ema_m=${main} ema_g=${ema} it_g=512`,
    params: { method: 'autoguidance', guide: 'g', weight: w },
    metrics: { fd },
    ema: { main, guide: ema, guideIteration: 512 },
  });
}

describe('heatGrids', () => {
  it('puts the EMA values in rows and the weights in columns, both sorted, gaps empty', () => {
    const points = [
      point({
        id: 'n',
        label: 'none ema_m=0.05',
        ema: { main: 0.05, guide: null, guideIteration: null },
      }),
      at('a', 3, 0.1, 4),
      at('b', 2, 0.1, 3),
      at('c', 2, 0.02, 1),
    ];
    expect(heatGrids(points, 'fd', GUIDE_EMA)).toEqual([
      {
        name: 'autoguidance ema_m=0.05 it_g=512',
        rows: [0.02, 0.1],
        columns: [2, 3],
        cells: [
          [1, null],
          [3, 4],
        ],
      },
    ]);
  });

  it('averages seed repeats as the charts do', () => {
    const repeat = {
      ...at('s', 2, 0.02, 3),
      label: 'autoguidance w=2 ema_m=0.05 ema_g=0.02 it_g=512 seed=2',
    };
    const points = [at('a', 2, 0.02, 1), repeat, at('b', 3, 0.1, 5)];
    expect(heatGrids(points, 'fd', GUIDE_EMA)[0].cells).toEqual([
      [2, null],
      [null, 5],
    ]);
  });

  it('makes a grid per family and none of a family fixed on the axis or at one weight', () => {
    const points = [
      at('a', 2, 0.02, 1),
      at('b', 3, 0.1, 2),
      // Main-EMA points at the guide's fixed σ_rel: a family of one row each.
      at('m1', 2, 0.1, 3, 0.02),
      at('m2', 3, 0.1, 3, 0.02),
      // One weight only.
      at('o1', 2, 0.02, 1, 0.2),
      at('o2', 2, 0.1, 1, 0.2),
    ];
    expect(heatGrids(points, 'fd', GUIDE_EMA).map((g) => g.name)).toEqual([
      'autoguidance ema_m=0.05 it_g=512',
    ]);
  });
});

describe('strength', () => {
  it('is strongest at the best value in the metric’s direction', () => {
    expect(strength(1, 1, 3, 'LOWER')).toBe(1);
    expect(strength(3, 1, 3, 'LOWER')).toBe(0);
    expect(strength(3, 1, 3, 'HIGHER')).toBe(1);
    expect(strength(2, 1, 3, 'NEITHER')).toBe(0.5);
    expect(strength(2, 2, 2, 'LOWER')).toBe(1);
  });
});
