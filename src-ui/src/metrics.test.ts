import { describe, expect, it } from 'vitest';
import type { MetricInfo } from './api/types';
import { experiment, point } from './testing/builders';
import { metricHint, metricNames, metricTitle } from './metrics';

const FD: MetricInfo = {
  name: 'fd',
  byDefault: true,
  imageModels: true,
  imageDefault: true,
  needsReferenceSamples: false,
  cost: 'STREAMED',
  stderr: '20-block jackknife SE',
  better: 'LOWER',
};

const RARITY: MetricInfo = {
  ...FD,
  name: 'rarity',
  byDefault: false,
  imageDefault: false,
  needsReferenceSamples: true,
  cost: 'CHECKPOINTS',
  stderr: null,
  better: 'NEITHER',
};

describe('metricTitle', () => {
  it('says which way is better and what the error bars are, as the registry declares', () => {
    expect(metricTitle('fd', FD)).toBe('fd · lower is better · bars ±1 20-block jackknife SE');
    expect(metricTitle('rarity', RARITY)).toBe('rarity');
  });

  it('is the bare name for a metric the registry does not know', () => {
    expect(metricTitle('loss', undefined)).toBe('loss');
  });
});

describe('metricHint', () => {
  it('describes direction, cost, error and what the metric needs', () => {
    expect(metricHint(FD)).toBe(
      'lower is better; streamed: a few operations per sample, after every batch; ' +
        'stderr: 20-block jackknife SE',
    );
    expect(metricHint(RARITY)).toContain('neither higher nor lower is better');
    expect(metricHint(RARITY)).toContain("needs the reference's own feature vectors");
  });
});

describe('metricNames', () => {
  it('lists the spec’s metrics, then any other a point reports, each once', () => {
    const view = experiment([
      point({ id: 'a', metrics: { fd: 0.5, log_likelihood: 1.2 } }),
      point({ id: 'b', metrics: { rarity: 3, fd: 0.4 } }),
    ]);
    view.spec.metrics = ['log_likelihood', 'fd'];
    expect(metricNames(view)).toEqual(['log_likelihood', 'fd', 'rarity']);
  });
});
