import { describe, expect, it } from 'vitest';
import { experiment, guided, point } from './testing/builders';
import { fileName, toCsv } from './export';

describe('toCsv', () => {
  it('has one row per point with each metric and its standard error', () => {
    const view = experiment([
      point({
        id: 'n',
        label: 'none',
        state: 'COMPLETED',
        samplesDone: 10000,
        metrics: { fd: 0.5, log_likelihood: 1.2 },
      }),
      { ...guided('c', 'cfg', 2, { fd: 0.25 }), ordinal: 1, stderr: { fd: 0.01 } },
    ]);
    const lines = toCsv(view).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'point,label,method,weight,state,samples_done,samples,nfe_per_sample,seed,fd,fd_stderr,log_likelihood,log_likelihood_stderr',
    );
    expect(lines[1]).toBe('0,none,none,,COMPLETED,10000,10000,0,1,0.5,,1.2,');
    expect(lines[2]).toBe('1,cfg w=2,cfg,2,QUEUED,0,10000,0,1,0.25,0.01,,');
  });

  it('quotes fields holding commas and quotes', () => {
    const view = experiment([point({ label: 'interval[0.28,1.61] "cfg" w=2' })]);
    expect(toCsv(view).split('\r\n')[1]).toContain('"interval[0.28,1.61] ""cfg"" w=2"');
  });
});

describe('fileName', () => {
  it('slugs the name and keeps the id’s start', () => {
    expect(fileName(experiment([], { name: 'Autoguidance vs CFG (toy)' }), 'csv')).toBe(
      'autoguidance-vs-cfg-toy-00000000.csv',
    );
  });
});
