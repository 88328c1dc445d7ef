import { describe, expect, it } from 'vitest';
import { experiment, point } from '../testing/builders';
import { specDiff } from './spec-diff';

describe('specDiff', () => {
  const base = experiment([point()]);
  const spec = {
    name: 'a',
    main: 'toy-oracle:A',
    sweep: [{ method: 'none' }, { method: 'cfg', guide: 'toy-oracle:AB', weights: [2, 4] }],
    sampler: { steps: 32, rho: 7 },
    samples: 1000,
    seed: 1,
  };

  it('lists only the fields that differ, in spec order, with every experiment’s value', () => {
    const a = {
      ...base,
      spec,
      pins: { models: { m: 'a'.repeat(64) }, reference: null, featureNetwork: null },
    };
    const b = {
      ...base,
      spec: {
        ...spec,
        name: 'b',
        sweep: [spec.sweep[0], { ...spec.sweep[1], weights: [2, 3, 4] }],
        sampler: { steps: 16, rho: 7 },
      },
      pins: { models: { m: 'b'.repeat(64) }, reference: null, featureNetwork: null },
    };
    expect(specDiff([a, b])).toEqual([
      { field: 'sweep[1].weights', values: ['2, 4', '2, 3, 4'] },
      { field: 'sampler.steps', values: ['32', '16'] },
      { field: 'model m', values: ['a'.repeat(12), 'b'.repeat(12)] },
    ]);
  });

  it('shows a field one experiment lacks as absent, and nothing for equal specs', () => {
    const a = { ...base, spec };
    const b = { ...base, spec: { ...spec, reference: 'toy-exact:B' } };
    expect(specDiff([a, b])).toEqual([{ field: 'reference', values: ['—', 'toy-exact:B'] }]);
    expect(specDiff([a, { ...a, spec: { ...spec, name: 'other' } }])).toEqual([]);
  });
});
