package dev.guidelab.metrics;

import java.util.List;

/**
 * Delete-one-block jackknife for the Fréchet distance (Quenouille 1956; Efron &amp; Stein 1981;
 * docs/metrics.md, "Bias"): the stream is split into B blocks, each summarised by a {@link
 * MomentAccumulator}; {@code FD_(−b)} uses every block but b. Then
 *
 * <pre>
 * FD_jack = B·FD_all − (B−1)·mean_b FD_(−b)               (removes the O(1/N) bias)
 * SE      = √((B−1)/B · Σ_b (FD_(−b) − mean_b FD_(−b))²)
 * </pre>
 *
 * from sums alone. With two sample sets, block b is deleted from both (paired blocks).
 */
public final class FrechetJackknife {

  /**
   * A jackknife estimate.
   *
   * @param fd plug-in FD of all samples
   * @param debiased bias-corrected {@code B·FD_all − (B−1)·mean FD_(−b)}
   * @param standardError jackknife SE of {@code fd}
   * @param blocks B
   */
  public record Estimate(double fd, double debiased, double standardError, int blocks) {}

  private FrechetJackknife() {}

  /** Generated blocks against a fixed reference Gaussian (e.g. exact moments). */
  public static Estimate against(
      FrechetDistance.Reference reference, List<MomentAccumulator> blocks) {
    return jackknife(
        blocks.size(),
        b -> {
          MomentAccumulator m = mergeExcept(blocks, b);
          return reference.distanceTo(m.mean(), m.covariance());
        });
  }

  /** Two streams in the same number of blocks; block b is deleted from both. */
  public static Estimate between(List<MomentAccumulator> blocks1, List<MomentAccumulator> blocks2) {
    if (blocks1.size() != blocks2.size()) {
      throw new IllegalArgumentException(
          "block counts differ: " + blocks1.size() + " and " + blocks2.size());
    }
    return jackknife(
        blocks1.size(),
        b -> {
          MomentAccumulator m1 = mergeExcept(blocks1, b);
          MomentAccumulator m2 = mergeExcept(blocks2, b);
          return FrechetDistance.between(m1.mean(), m1.covariance(), m2.mean(), m2.covariance());
        });
  }

  /** {@code fdWithout.applyAsDouble(b)} = FD without block b, b = −1 meaning all blocks. */
  private static Estimate jackknife(int blocks, java.util.function.IntToDoubleFunction fdWithout) {
    if (blocks < 2) {
      throw new IllegalArgumentException("the jackknife needs at least 2 blocks, got " + blocks);
    }
    double all = fdWithout.applyAsDouble(-1);
    // FD_(−b) for every b, [B].
    double[] loo = new double[blocks];
    double mean = 0;
    for (int b = 0; b < blocks; b++) {
      loo[b] = fdWithout.applyAsDouble(b);
      mean += loo[b];
    }
    mean /= blocks;
    double ss = 0;
    for (double v : loo) {
      ss += (v - mean) * (v - mean);
    }
    return new Estimate(
        all, blocks * all - (blocks - 1) * mean, Math.sqrt((blocks - 1.0) / blocks * ss), blocks);
  }

  private static MomentAccumulator mergeExcept(List<MomentAccumulator> blocks, int except) {
    MomentAccumulator m = new MomentAccumulator();
    for (int b = 0; b < blocks.size(); b++) {
      if (b != except) {
        m.merge(blocks.get(b));
      }
    }
    return m;
  }
}
