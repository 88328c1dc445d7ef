import { describe, expect, it } from 'vitest';
import { guided, point } from '../testing/builders';
import type { PointView } from '../api/types';
import {
  AXES,
  MetricHistory,
  finalIndices,
  linesByMethod,
  methodKey,
  sweptAxes,
  toColumns,
  weightOf,
} from './curves';

describe('weightOf', () => {
  it('reads the weight of a weighted method', () => {
    expect(weightOf({ method: 'cfg', weight: 2.5 })).toBe(2.5);
  });
  it('reads the innermost weight of a wrapper', () => {
    expect(weightOf({ method: 'interval', inner: { method: 'cfg', weight: 3 } })).toBe(3);
  });
  it('is null for unguided sampling', () => {
    expect(weightOf({ method: 'none' })).toBeNull();
  });
});

describe('methodKey', () => {
  it('drops the weight from labels', () => {
    expect(methodKey('cfg w=2')).toBe('cfg');
    expect(methodKey('apg η=0 w=4')).toBe('apg η=0');
    expect(methodKey('interval[0.28,1.61] cfg w=1.5')).toBe('interval[0.28,1.61] cfg');
  });
  it('drops the seed of repeated points', () => {
    expect(methodKey('cfg w=2 seed=3')).toBe('cfg');
    expect(methodKey('none seed=3')).toBe('none');
  });
  it('keeps labels without a weight', () => {
    expect(methodKey('none')).toBe('none');
  });
  it('drops another axis’ token instead of the weight', () => {
    expect(methodKey('autoguidance w=3 ema_g=0.1 it_g=512 seed=2', 'ema_g')).toBe(
      'autoguidance w=3 it_g=512',
    );
    expect(methodKey('none ema_m=0.05', 'ema_m')).toBe('none');
  });
  it('drops the guides a label names on an EMA axis, where they differ by the axis’ value', () => {
    const label = 'autoguidance w=2 ema_g=0.1 (toy-mlp:A-32@it=512,ema=0.1) seed=2';
    expect(methodKey(label, 'ema_g')).toBe('autoguidance w=2');
    expect(methodKey(label)).toBe('autoguidance ema_g=0.1 (toy-mlp:A-32@it=512,ema=0.1)');
  });
});

/** A point of a guide-EMA sweep at weight `w` and guide σ_rel `ema` (null: unguided). */
function emaPoint(id: string, w: number | null, ema: number | null, fd: number): PointView {
  const label = w === null ? 'none ema_m=0.05' : `autoguidance w=${w} ema_m=0.05 ema_g=${ema}`;
  const params =
    w === null ? { method: 'none' } : { method: 'autoguidance', guide: 'g', weight: w };
  return point({
    id,
    label,
    params: ema === null ? params : { ...params, guideEma: ema },
    metrics: { fd },
    ema: { main: 0.05, guide: ema, guideIteration: null },
  });
}

describe('sweptAxes', () => {
  it('offers the weight and each EMA axis the points take several values on', () => {
    const points = [
      emaPoint('n', null, null, 1),
      emaPoint('a', 2, 0.1, 1),
      emaPoint('b', 2, 0.2, 1),
    ];
    expect(sweptAxes(points).map((a) => a.id)).toEqual(['w', 'ema_g']);
    expect(sweptAxes([guided('c', 'cfg', 2)]).map((a) => a.id)).toEqual(['w']);
  });
});

describe('linesByMethod', () => {
  const points = [
    point({ id: 'n', metrics: { fd: 0.5 } }),
    guided('c4', 'cfg', 4, { fd: 0.9 }),
    guided('c2', 'cfg', 2, { fd: 0.7 }),
    guided('a2', 'autoguidance', 2, { fd: 0.2 }),
  ];

  it('makes one line per method, ordered by weight', () => {
    const lines = linesByMethod(points, 'fd');
    expect(lines.map((l) => l.name)).toEqual(['none', 'cfg', 'autoguidance']);
    expect(lines[1].points.map((p) => [p.x, p.y, p.pointId])).toEqual([
      [2, 0.7, 'c2'],
      [4, 0.9, 'c4'],
    ]);
  });

  it('marks unguided sampling as a flat baseline', () => {
    expect(linesByMethod(points, 'fd').map((l) => l.flat)).toEqual([true, false, false]);
  });

  it('draws an image point’s kernel metric with its spread and leaves an undefined rarity a gap', () => {
    const image = point({
      id: 'img',
      metrics: { kid: 0.007, rarity: null },
      stderr: { kid: 4e-5 },
    });
    expect(linesByMethod([image], 'kid')[0].points[0]).toMatchObject({ y: 0.007, err: 4e-5 });
    expect(linesByMethod([image], 'rarity')[0].points[0].y).toBeNull();
  });

  it('turns missing and non-finite values into gaps', () => {
    const lines = linesByMethod([guided('x', 'cfg', 1, { fd: NaN })], 'fd');
    expect(lines[0].points[0].y).toBeNull();
    expect(linesByMethod([guided('x', 'cfg', 1)], 'kid')[0].points[0].y).toBeNull();
  });

  it('averages a point’s repeats over seeds, with the standard error of the mean', () => {
    const repeats = [
      { ...guided('s1', 'cfg', 2, { fd: 1 }), label: 'cfg w=2 seed=1', stderr: { fd: 0.5 } },
      { ...guided('s2', 'cfg', 2, { fd: 2 }), label: 'cfg w=2 seed=2' },
      { ...guided('s3', 'cfg', 2, { fd: 6 }), label: 'cfg w=2 seed=3' },
      { ...guided('s4', 'cfg', 2, { fd: null }), label: 'cfg w=2 seed=4' },
    ];
    const [line] = linesByMethod(repeats, 'fd');
    expect(line.name).toBe('cfg');
    expect(line.points).toHaveLength(1);
    // mean 3, sample variance ((−2)² + (−1)² + 3²)/2 = 7, SE √(7/3)
    expect(line.points[0].y).toBe(3);
    expect(line.points[0].err).toBeCloseTo(Math.sqrt(7 / 3), 12);
    expect(line.points[0].pointId).toBe('s1');
  });

  it('averages only seeds at the same n and says which, and marks a partial value', () => {
    const at = (id: string, seed: number, fd: number, samplesDone: number, state: string) => ({
      ...guided(id, 'cfg', 2, { fd }),
      label: `cfg w=2 seed=${seed}`,
      samplesDone,
      state: state as PointView['state'],
    });
    const [running] = linesByMethod(
      [
        at('s1', 1, 1, 10000, 'COMPLETED'),
        at('s2', 2, 3, 10000, 'COMPLETED'),
        at('s3', 3, 50, 2000, 'RUNNING'),
      ],
      'fd',
    );
    expect(running.points[0].y).toBe(2);
    expect(running.points[0].note).toBe('mean of 2 of 3 seeds');
    const [partial] = linesByMethod([at('s1', 1, 7, 2000, 'RUNNING')], 'fd');
    expect(partial.points[0].y).toBe(7);
    expect(partial.points[0].note).toBe('partial n=2,000');
    const [done] = linesByMethod([at('s1', 1, 7, 10000, 'COMPLETED')], 'fd');
    expect(done.points[0].note).toBeNull();
    expect(toColumns([running]).notes).toEqual([['mean of 2 of 3 seeds']]);
    // Only final values get a marker.
    expect(finalIndices(toColumns([running]), 0)).toEqual([0]);
    expect(finalIndices(toColumns([partial]), 0)).toEqual([]);
  });

  it('leaves cancelled and failed points out of the curves', () => {
    const lines = linesByMethod(
      [
        { ...point({ id: 'u', metrics: { fd: 9 } }), state: 'CANCELLED' },
        { ...guided('a', 'cfg', 2, { fd: 1 }), state: 'COMPLETED' },
        { ...guided('b', 'cfg', 3, { fd: 2 }), state: 'FAILED' },
      ],
      'fd',
    );
    expect(lines.map((l) => l.name)).toEqual(['cfg']);
    expect(lines[0].points.map((p) => p.x)).toEqual([2]);
  });

  it('keeps points of other guides apart instead of averaging them as seeds', () => {
    const a = {
      ...guided('a', 'autoguidance', 2, { fd: 1 }),
      params: { method: 'autoguidance', guide: 'g1', weight: 2 },
    };
    const b = {
      ...guided('b', 'autoguidance', 2, { fd: 3 }),
      params: { method: 'autoguidance', guide: 'g2', weight: 2 },
    };
    const lines = linesByMethod([a, b], 'fd');
    expect(lines.map((l) => [l.name, l.points[0].y])).toEqual([
      ['autoguidance (g1)', 1],
      ['autoguidance (g2)', 3],
    ]);
  });

  it('draws one line per weight against an EMA axis, leaving out points without a value', () => {
    const ema = AXES.find((a) => a.id === 'ema_g');
    const points = [
      emaPoint('n', null, null, 9),
      emaPoint('a3', 3, 0.1, 4),
      emaPoint('b2', 2, 0.1, 3),
      emaPoint('a2', 2, 0.02, 1),
      { ...emaPoint('s2', 2, 0.02, 2), label: 'autoguidance w=2 ema_m=0.05 ema_g=0.02 seed=2' },
    ];
    const lines = linesByMethod(points, 'fd', '', ema);
    expect(lines.map((l) => [l.name, l.flat])).toEqual([
      ['autoguidance w=3 ema_m=0.05', false],
      ['autoguidance w=2 ema_m=0.05', false],
    ]);
    // The seeds at σ_rel 0.02 are averaged; x is ordered.
    expect(lines[1].points.map((p) => [p.x, p.y, p.pointId])).toEqual([
      [0.02, 1.5, 'a2'],
      [0.1, 3, 'b2'],
    ]);
    expect(linesByMethod(points, 'fd').map((l) => l.name)).toEqual([
      'none ema_m=0.05',
      'autoguidance ema_m=0.05 ema_g=0.1',
      'autoguidance ema_m=0.05 ema_g=0.02',
    ]);
  });

  it('prefixes names when comparing experiments', () => {
    expect(linesByMethod(points, 'fd', 'run 2 · ')[1].name).toBe('run 2 · cfg');
  });
});

describe('toColumns', () => {
  it('aligns lines on the union of weights with gaps and a flat baseline', () => {
    const points = [
      point({ id: 'n', metrics: { fd: 0.5 } }),
      guided('c2', 'cfg', 2, { fd: 0.7 }),
      guided('c4', 'cfg', 4, { fd: 0.9 }),
      guided('a3', 'autoguidance', 3, { fd: 0.2 }),
    ];
    points[1].stderr = { fd: 0.01 };
    const columns = toColumns(linesByMethod(points, 'fd'));
    expect(columns.x).toEqual([2, 3, 4]);
    expect(columns.ys).toEqual([
      [0.5, 0.5, 0.5],
      [0.7, null, 0.9],
      [null, 0.2, null],
    ]);
    expect(columns.errs[1]).toEqual([0.01, null, null]);
  });

  it('draws a sweep of only unguided sampling as a baseline over w ∈ [0, 2]', () => {
    const columns = toColumns(linesByMethod([point({ metrics: { fd: 0.5 } })], 'fd'));
    expect(columns.x).toEqual([0, 2]);
    expect(columns.ys).toEqual([[0.5, 0.5]]);
  });
});

describe('MetricHistory', () => {
  it('orders a point’s values by n, the newest value at an n winning', () => {
    const history = new MetricHistory([
      { pointId: 'p', metric: 'fd', n: 2000, value: 0.3, stderr: 0.02 },
      { pointId: 'p', metric: 'fd', n: 1000, value: 0.5, stderr: 0.05 },
    ]);
    history.addAll('p', 2000, { fd: 0.25, kid: 1 }, { fd: 0.01 });
    const line = history.line('p', 'fd');
    expect(line.points.map((p) => [p.x, p.y, p.err])).toEqual([
      [1000, 0.5, 0.05],
      [2000, 0.25, 0.01],
    ]);
    expect(history.line('p', 'kid').points.map((p) => p.err)).toEqual([null]);
    expect(history.line('other', 'fd').points).toEqual([]);
  });
});
