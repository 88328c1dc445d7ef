import { describe, expect, it } from 'vitest';
import type { MethodInfo, MetricInfo, ModelInfo, ModelKind } from '../api/types';
import { metric } from '../testing/builders';
import { PRESETS } from './presets';
import {
  conditionField,
  conditionValue,
  defaultMetrics,
  emptyForm,
  fromSpec,
  metricChoices,
  parseNumbers,
  placeErrors,
  toSpec,
} from './spec-form';

/** The server's method table, trimmed to what these tests use (GET /api/methods). */
const METHODS: MethodInfo[] = [
  {
    name: 'none',
    title: 'none',
    role: 'PLAIN',
    params: [],
    needsConditionalMain: false,
    needsNoiseEmbedding: false,
    inner: [],
  },
  {
    name: 'cfg',
    title: 'cfg',
    role: 'WEIGHTED',
    params: [
      {
        name: 'guide',
        kind: 'MODEL',
        presence: 'UNLESS_CONDITIONAL',
        fallback: null,
        range: null,
        choices: null,
        hint: '',
      },
    ],
    needsConditionalMain: false,
    needsNoiseEmbedding: false,
    inner: [],
  },
  {
    name: 'interval',
    title: 'interval',
    role: 'WRAPPER',
    params: [
      {
        name: 'sigmaLo',
        kind: 'NUMBER',
        presence: 'OPTIONAL',
        fallback: null,
        range: null,
        choices: null,
        hint: '',
      },
      {
        name: 'sigmaHi',
        kind: 'NUMBER',
        presence: 'OPTIONAL',
        fallback: null,
        range: null,
        choices: null,
        hint: '',
      },
    ],
    needsConditionalMain: false,
    needsNoiseEmbedding: false,
    inner: ['cfg'],
  },
  {
    name: 'cads',
    title: 'cads',
    role: 'WRAPPER',
    params: [
      {
        name: 'rescale',
        kind: 'BOOLEAN',
        presence: 'DEFAULTED',
        fallback: true,
        range: null,
        choices: null,
        hint: '',
      },
    ],
    needsConditionalMain: true,
    needsNoiseEmbedding: false,
    inner: ['cfg'],
  },
];

describe('parseNumbers', () => {
  it('reads lists separated by commas or spaces', () => {
    expect(parseNumbers('1.5, 2,3')).toEqual([1.5, 2, 3]);
    expect(parseNumbers(' 1 2  4 ')).toEqual([1, 2, 4]);
  });
  it('expands inclusive ranges start:step:stop without float noise', () => {
    expect(parseNumbers('1:0.5:3')).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(parseNumbers('0:0.1:0.3')).toEqual([0, 0.1, 0.2, 0.3]);
  });
  it('refuses what is neither', () => {
    expect(parseNumbers('1, two')).toBeNull();
    expect(parseNumbers('1:0:3')).toBeNull();
    expect(parseNumbers('3:1:1')).toBeNull();
  });
  it('reads blank as no numbers', () => {
    expect(parseNumbers('  ')).toEqual([]);
  });
});

describe('toSpec', () => {
  it('leaves blank optional fields out so the server fills its defaults', () => {
    const form = { ...emptyForm(), name: 'n', main: 'toy-oracle:A' };
    form.sampler.steps = '16';
    const spec = toSpec(form, METHODS);
    expect(spec).toEqual({
      name: 'n',
      main: 'toy-oracle:A',
      sweep: [{ method: 'none' }],
      sampler: { steps: 16 },
      samples: 10000,
      seed: 0,
    });
  });

  it('writes weights as a list and wrapped methods as inner, without inner weights', () => {
    const form = { ...emptyForm(), name: 'n', main: 'm' };
    form.entries = [
      {
        method: 'interval',
        values: { sigmaLo: '0.28', sigmaHi: '1.61' },
        inner: { method: 'cfg', values: { guide: 'g' }, inner: null, weights: 'ignored' },
        weights: '2:1:4',
      },
    ];
    expect(toSpec(form, METHODS).sweep).toEqual([
      {
        method: 'interval',
        inner: { method: 'cfg', guide: 'g' },
        sigmaLo: 0.28,
        sigmaHi: 1.61,
        weights: [2, 3, 4],
      },
    ]);
  });

  it('sends what it cannot read as typed, for the server to name', () => {
    const form = { ...emptyForm(), name: 'n', main: 'm', samples: 'lots' };
    form.entries = [{ method: 'cfg', values: {}, inner: null, weights: '1, x' }];
    const spec = toSpec(form, METHODS);
    expect(spec.samples).toBe('lots');
    expect(spec.sweep).toEqual([{ method: 'cfg', weights: '1, x' }]);
  });

  it('names a feature network only when one is chosen', () => {
    const form = { ...emptyForm(), name: 'n', main: 'm' };
    expect(toSpec(form, METHODS)).not.toHaveProperty('features');
    expect(toSpec({ ...form, features: 'inception' }, METHODS).features).toBe('inception');
    expect(fromSpec({ name: 'n', features: 'inception' }).features).toBe('inception');
  });

  it('sends a priority only when one is typed, and reads a stored one back', () => {
    const form = { ...emptyForm(), name: 'n', main: 'm' };
    expect(toSpec(form, METHODS)).not.toHaveProperty('priority');
    expect(toSpec({ ...form, priority: ' -3 ' }, METHODS).priority).toBe(-3);
    expect(toSpec({ ...form, priority: 'high' }, METHODS).priority).toBe('high');
    expect(fromSpec({ name: 'n', priority: 5 }).priority).toBe('5');
    expect(fromSpec({ name: 'n' }).priority).toBe('');
  });

  it('reuses results unless unchecked, and reads a stored choice back', () => {
    const form = { ...emptyForm(), name: 'n', main: 'm' };
    expect(toSpec(form, METHODS)).not.toHaveProperty('reuse');
    expect(toSpec({ ...form, reuse: false }, METHODS).reuse).toBe(false);
    expect(fromSpec({ name: 'n', reuse: false }).reuse).toBe(false);
    expect(fromSpec({ name: 'n' }).reuse).toBe(true);
  });

  it('writes several seeds as a list, one as a number', () => {
    const form = { ...emptyForm(), name: 'n', main: 'm', seed: '1, 2, 3' };
    expect(toSpec(form, METHODS).seed).toEqual([1, 2, 3]);
    expect(toSpec({ ...form, seed: '7' }, METHODS).seed).toBe(7);
  });

  it('sweeps over a parameter typed as a list', () => {
    const form = { ...emptyForm(), name: 'n', main: 'm' };
    form.entries = [{ method: 'cfg', values: { guide: 'g1, g2' }, inner: null, weights: '2' }];
    expect(toSpec(form, METHODS).sweep).toEqual([
      { method: 'cfg', guide: ['g1', 'g2'], weights: [2] },
    ]);
  });
});

describe('condition', () => {
  const model = (kind: ModelKind, conditional: boolean, classes?: number): ModelInfo => ({
    name: 'm',
    kind,
    description: '',
    sha256: '',
    conditional,
    builtin: false,
    params: classes === undefined ? null : { channels: 3, resolution: 64, classes },
  });

  it('asks a conditional toy network for a class by name and an image model for an index', () => {
    expect(conditionField(model('toy-mlp', true))).toEqual({ kind: 'toy', classes: ['A', 'B'] });
    expect(conditionField(model('torchscript', true, 1000))).toEqual({
      kind: 'image',
      classes: 1000,
    });
    expect(conditionField(model('torchscript', false, 0))).toBeNull();
    expect(conditionField(model('oracle', false))).toBeNull();
    expect(conditionField(undefined)).toBeNull();
  });

  it('writes a class index as a number and names as text, blank as absent', () => {
    expect(conditionValue(' 7 ')).toBe(7);
    expect(conditionValue('0')).toBe(0);
    expect(conditionValue('random')).toBe('random');
    expect(conditionValue('A')).toBe('A');
    expect(conditionValue('1.5')).toBe('1.5');
    expect(conditionValue('-1')).toBe('-1');
    expect(conditionValue('  ')).toBeUndefined();
  });

  it('puts the condition into the spec and reads a stored class index back', () => {
    const form = { ...emptyForm(), name: 'n', main: 'edm2' };
    expect(toSpec(form, METHODS)).not.toHaveProperty('condition');
    expect(toSpec({ ...form, condition: '281' }, METHODS).condition).toBe(281);
    expect(toSpec({ ...form, condition: 'random' }, METHODS).condition).toBe('random');
    expect(toSpec({ ...form, condition: 'B' }, METHODS).condition).toBe('B');
    const stored = fromSpec({ name: 'n', main: 'edm2', condition: 281 });
    expect(stored.condition).toBe('281');
    expect(toSpec(stored, METHODS).condition).toBe(281);
    expect(fromSpec({ name: 'n', condition: null }).condition).toBe('');
  });
});

describe('fromSpec', () => {
  it('round-trips every preset through the form unchanged', () => {
    for (const preset of PRESETS) {
      const form = fromSpec(preset.spec);
      const methods = METHODS.concat(
        ['autoguidance', 'apg'].map((name) => ({
          name,
          title: name,
          role: 'WEIGHTED' as const,
          params: ['guide', 'eta'].map((p) => ({
            name: p,
            kind: p === 'guide' ? ('MODEL' as const) : ('NUMBER' as const),
            presence: 'OPTIONAL' as const,
            fallback: null,
            range: null,
            choices: null,
            hint: '',
          })),
          needsConditionalMain: false,
          needsNoiseEmbedding: false,
          inner: [],
        })),
      );
      expect(toSpec(form, methods), preset.id).toEqual(preset.spec);
    }
  });

  it('carries an entry’s EMA fields as a number or a list, the guide’s where it has a guide', () => {
    const sweep = [
      { method: 'none', mainEma: [0.02, 0.05] },
      {
        method: 'cfg',
        guide: 'g',
        guideIteration: 512,
        guideEma: 0.1,
        mainEma: 0.05,
        weights: [3],
      },
      {
        method: 'interval',
        inner: { method: 'cfg', guide: 'g' },
        guideEma: [0.02, 0.1],
        weights: [2],
      },
    ];
    const form = fromSpec({ name: 'n', main: 'm', sweep });
    expect(form.entries[1].values).toMatchObject({ guideEma: '0.1', guideIteration: '512' });
    expect(form.entries[2].values.guideEma).toBe('0.02, 0.1');
    expect(toSpec(form, METHODS).sweep).toEqual(sweep);
    // An unguided entry takes no guide's EMA.
    form.entries[0].values.guideEma = '0.1';
    expect(toSpec(form, METHODS).sweep).toEqual(sweep);
  });

  it('keeps a boolean parameter as a boolean', () => {
    const form = fromSpec({
      name: 'n',
      main: 'm',
      sweep: [{ method: 'cads', inner: { method: 'cfg' }, rescale: false, weights: [2] }],
    });
    expect(form.entries[0].values.rescale).toBe(false);
    expect(toSpec(form, METHODS).sweep).toEqual([
      { method: 'cads', inner: { method: 'cfg' }, rescale: false, weights: [2] },
    ]);
  });
});

describe('placeErrors', () => {
  const paths = [
    'name',
    'sweep[1].method',
    'sweep[1].weights',
    'sweep[1].inner.guide',
    'sampler.steps',
  ];

  it('puts each violation at the field it names or its nearest enclosing field', () => {
    const { byPath, general } = placeErrors(
      [
        { field: 'sweep[1].weights[0]', message: 'must be ≥ 0, got -1' },
        { field: 'sampler.steps', message: 'must be in 1..1000' },
        { field: 'sweep[1].inner.guide', message: 'unknown model' },
      ],
      paths,
    );
    expect(byPath.get('sweep[1].weights')).toEqual(['must be ≥ 0, got -1']);
    expect(byPath.get('sampler.steps')).toEqual(['must be in 1..1000']);
    expect(byPath.get('sweep[1].inner.guide')).toEqual(['unknown model']);
    expect(general).toEqual([]);
  });

  it('keeps violations no field claims as general ones', () => {
    const { general } = placeErrors([{ field: 'sweep', message: 'at most 500 points' }], paths);
    expect(general).toEqual([{ field: 'sweep', message: 'at most 500 points' }]);
  });
});

describe('metricChoices', () => {
  const metrics: MetricInfo[] = [
    metric('log_likelihood', { byDefault: true }),
    metric('fd', { byDefault: true, imageModels: true, imageDefault: true }),
    metric('kid', { imageModels: true, needsReferenceSamples: true, cost: 'CHECKPOINTS' }),
    metric('top1_a'),
  ];

  it('offers every metric for the toy', () => {
    expect(metricChoices(metrics, false).map((m) => m.name)).toEqual([
      'log_likelihood',
      'fd',
      'kid',
      'top1_a',
    ]);
  });

  it('offers an image model only the feature-space metrics, k-NN and kernel ones included', () => {
    expect(metricChoices(metrics, true).map((m) => m.name)).toEqual(['fd', 'kid']);
  });

  it('checks the defaults of the model kind', () => {
    expect(defaultMetrics(metrics, false)).toEqual(['log_likelihood', 'fd']);
    expect(defaultMetrics(metrics, true)).toEqual(['fd']);
  });
});
