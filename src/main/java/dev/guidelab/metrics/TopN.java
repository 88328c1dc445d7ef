package dev.guidelab.metrics;

/**
 * Top-1 class histograms for the Top-N class diagnostic (Kynkäänniemi et al. 2023, "The Role of
 * ImageNet Classes in Fréchet Inception Distance", Sec. 3; docs/metrics.md, "Top-N class
 * diagnostic"): counts of each row's arg-max class and the total-variation distance between two
 * histograms with its standard error, so a user can see when an FD gain comes from matching class
 * histograms. (The paper's Top-N binarisation of logits is checked against its reference code in
 * the tests only; the product does not use it.)
 */
public final class TopN {

  private TopN() {}

  /** Total-variation distance {@code ½ Σ_c |p_c − q_c|} between normalised histograms. */
  public static double histogramDistance(long[] p, long[] q) {
    checkBins(p, q);
    double np = total(p);
    double nq = total(q);
    double tv = 0;
    for (int c = 0; c < p.length; c++) {
      tv += Math.abs(p[c] / np - q[c] / nq);
    }
    return 0.5 * tv;
  }

  /**
   * Adds each row's arg-max class (first maximum on ties) of {@code logits}, {@code [m, K]}
   * row-major, to {@code counts} ({@code [K]}).
   */
  public static void addTop1(double[] logits, long[] counts) {
    int k = counts.length;
    if (logits.length % k != 0) {
      throw new IllegalArgumentException(logits.length + " logits are not rows of " + k);
    }
    for (int row = 0; row < logits.length; row += k) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (logits[row + c] > logits[row + best]) {
          best = c;
        }
      }
      counts[best]++;
    }
  }

  /**
   * Delta-method standard error of {@link #histogramDistance} for two independent multinomial
   * samples of sizes {@code n_p} and {@code n_q}. Where no bin has {@code p_c = q_c}, {@code TV = ½
   * Σ s_c (p_c − q_c)} with {@code s_c = sign(p_c − q_c)} is linear in the counts, so {@code Var TV
   * ≈ ¼ (Var Σ s_c p̂_c + Var Σ s_c q̂_c)} with the multinomial {@code Var Σ s_c p̂_c = (Σ s_c² p_c
   * − (Σ s_c p_c)²) / n_p}; the plug-in estimate puts the observed shares and signs in. At {@code p
   * = q} TV is not differentiable and its plug-in value is biased up (for two classes by ≈
   * √(2/π)·SE, the mean of a half-normal); the SE then describes the spread of {@code p̂ − q̂}, not
   * a distance from 0.
   */
  public static double histogramDistanceStandardError(long[] p, long[] q) {
    checkBins(p, q);
    double np = total(p);
    double nq = total(q);
    double sp = 0; // Σ s_c p_c
    double sp2 = 0; // Σ s_c² p_c
    double sq = 0;
    double sq2 = 0;
    for (int c = 0; c < p.length; c++) {
      double pc = p[c] / np;
      double qc = q[c] / nq;
      double s = Math.signum(pc - qc);
      sp += s * pc;
      sp2 += s * s * pc;
      sq += s * qc;
      sq2 += s * s * qc;
    }
    return 0.5 * Math.sqrt(Math.max(0, sp2 - sp * sp) / np + Math.max(0, sq2 - sq * sq) / nq);
  }

  private static void checkBins(long[] p, long[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException(
          "histograms have " + p.length + " and " + q.length + " bins");
    }
  }

  private static double total(long[] h) {
    double n = 0;
    for (long count : h) {
      n += count;
    }
    return n;
  }
}
