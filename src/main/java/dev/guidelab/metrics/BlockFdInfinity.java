package dev.guidelab.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * FD∞ (Chong &amp; Forsyth 2020, Sec. 3.1; docs/metrics.md, "Bias") from a stream kept as B moment
 * blocks (a random partition of iid samples, as {@link ToyMetrics}' jackknife blocks), so it needs
 * sums only and merges across batches and workers.
 *
 * <p><b>Subsets.</b> The reference code draws one random subset of the N features per size on
 * {@code linspace(5000, 50000, 15)}, i.e. from N/10 to N, computes FD_n of each against the fixed
 * real statistics and fits {@code FD_n = a + b/n} by least squares ({@link FdInfinity#fit}); FD∞ =
 * a. Here the subsets are unions of blocks: for each size j = {@link #MIN_BLOCKS}..B blocks (N/10
 * to N for B = 20), the B cyclic windows {@code {s, s+1, …, s+j−1} mod B} (one window for j = B).
 * Averaging over B windows per size removes most of the noise a single random subset adds; every
 * window is a (n, FD_n) point of the fit, with n its own sample count.
 *
 * <p><b>Error bar.</b> Delete-one-block jackknife of the whole estimator: FD∞ of the B − 1 other
 * blocks, the same way, for each deleted block b; {@code SE = √((B−1)/B · Σ_b (a_(−b) − ā)²)}
 * (Efron &amp; Stein 1981) — the least-squares SE of the intercept would assume independent points,
 * which overlapping subsets are not. Like any jackknife variance it errs high (Efron &amp; Stein
 * 1981): on exact toy samples it was ≈ 1.3–1.8× the spread of FD∞ over independent runs.
 */
public final class BlockFdInfinity {

  /** Smallest subset, in blocks: 2 of B = 20 is N/10, the reference tools' 5k of 50k. */
  public static final int MIN_BLOCKS = 2;

  /**
   * An FD∞ estimate.
   *
   * @param value FD∞ of all blocks, the intercept a
   * @param standardError delete-one-block jackknife SE of a
   */
  public record Estimate(double value, double standardError) {}

  private BlockFdInfinity() {}

  /** FD∞ against a fixed reference; every block must hold at least 2 samples. */
  public static Estimate against(
      FrechetDistance.Reference reference, List<MomentAccumulator> blocks) {
    int b = blocks.size();
    if (b < MIN_BLOCKS + 2) {
      throw new IllegalArgumentException(
          "FD∞ from blocks needs at least " + (MIN_BLOCKS + 2) + " blocks, got " + b);
    }
    double all = intercept(reference, blocks);
    // a_(−k) for every deleted block k, [B].
    double[] loo = new double[b];
    double mean = 0;
    for (int k = 0; k < b; k++) {
      List<MomentAccumulator> rest = new ArrayList<>(blocks);
      rest.remove(k);
      loo[k] = intercept(reference, rest);
      mean += loo[k] / b;
    }
    double ss = 0;
    for (double a : loo) {
      ss += (a - mean) * (a - mean);
    }
    return new Estimate(all, Math.sqrt((b - 1.0) / b * ss));
  }

  /** The intercept of the fit over every cyclic window of {@link #MIN_BLOCKS}..B blocks. */
  static double intercept(FrechetDistance.Reference reference, List<MomentAccumulator> blocks) {
    int b = blocks.size();
    int points = b * (b - MIN_BLOCKS) + 1;
    double[] n = new double[points];
    double[] fd = new double[points];
    int p = 0;
    for (int s = 0; s < b; s++) {
      // Window {s, …, s+j−1} mod B grown one block at a time.
      MomentAccumulator window = new MomentAccumulator();
      int largest = s == 0 ? b : b - 1; // the whole set once
      for (int j = 1; j <= largest; j++) {
        window.merge(blocks.get((s + j - 1) % b));
        if (j >= MIN_BLOCKS) {
          n[p] = window.n();
          fd[p] = reference.distanceTo(window.mean(), window.covariance());
          p++;
        }
      }
    }
    return FdInfinity.fit(n, fd).intercept();
  }
}
