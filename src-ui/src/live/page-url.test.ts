import { describe, expect, it } from 'vitest';
import { formatZoom, parseZoom } from './page-url';

describe('zoom in the URL', () => {
  it('round-trips a metric and an x range', () => {
    const zoom = { metric: 'log_likelihood_clipped', min: 1.5, max: 2.75 };
    expect(parseZoom(formatZoom(zoom))).toEqual(zoom);
    expect(parseZoom('fd:-0.5..1e-3')).toEqual({ metric: 'fd', min: -0.5, max: 0.001 });
  });

  it('ignores what is not a range', () => {
    expect(parseZoom(null)).toBeNull();
    expect(parseZoom('fd:2..1')).toBeNull();
    expect(parseZoom('fd:a..b')).toBeNull();
    expect(parseZoom('fd')).toBeNull();
  });
});
