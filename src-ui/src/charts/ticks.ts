/**
 * Labels for a value axis's ticks that tell apart ticks of any magnitude: uPlot's default keeps
 * three decimals, so an image FD of 3e-5 or a KID of 1e-7 would label every tick "0". As many
 * decimals as the tick step needs; exponential below 1e-3 and from 1e6.
 */
export function tickLabels(splits: number[]): string[] {
  const finite = splits.filter(Number.isFinite);
  const maxAbs = Math.max(0, ...finite.map(Math.abs));
  if (maxAbs === 0) {
    return splits.map(String);
  }
  const step = finite.length > 1 ? Math.abs(finite[1] - finite[0]) : 0;
  const maxExp = Math.floor(Math.log10(maxAbs));
  if (maxExp < -3 || maxExp >= 6) {
    const digits = decimalsOf(step / 10 ** maxExp);
    return splits.map((v) => (v === 0 ? '0' : v.toExponential(digits)));
  }
  const decimals = decimalsOf(step);
  return splits.map((v) => v.toFixed(decimals));
}

/** The fewest decimals (≤ 15) that write {@code x} exactly, to rounding. */
function decimalsOf(x: number): number {
  for (let d = 0; d < 15; d++) {
    const scaled = x * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled))) {
      return d;
    }
  }
  return 15;
}
