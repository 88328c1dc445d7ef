import { describe, expect, it } from 'vitest';
import { parseTags } from './tags';

describe('tags', () => {
  it('reads tags separated by commas or spaces, once each, in order', () => {
    expect(parseTags(' paper:fig3, ablation  cfg,ablation ')).toEqual([
      'paper:fig3',
      'ablation',
      'cfg',
    ]);
    expect(parseTags('  ')).toEqual([]);
  });
});
