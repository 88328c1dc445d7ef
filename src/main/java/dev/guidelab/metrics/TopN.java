package dev.guidelab.metrics;

/**
 * Top-N class diagnostic (Kynkäänniemi et al. 2023, "The Role of ImageNet Classes in Fréchet
 * Inception Distance", Sec. 3; kynkaat/role-of-imagenet-classes-in-fid, {@code
 * resample_utils.binarize_features} with {@code feature_mode='top_n'}): one-hot of each row's N
 * largest logits, keeping only the columns non-zero in both sets; and Top-1 class histograms of the
 * two sets with their total-variation distance, so a user can see when an FD gain comes from
 * matching class histograms.
 */
public final class TopN {

  private TopN() {}

  /**
   * {@code [R][C]} with 1 at each row's {@code n} largest logits, 0 elsewhere. Ties go to the lower
   * class index.
   */
  public static double[][] binarize(double[][] logits, int n) {
    double[][] out = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      double[] z = logits[i];
      if (n < 1 || n > z.length) {
        throw new IllegalArgumentException("top-" + n + " of " + z.length + " classes");
      }
      out[i] = new double[z.length];
      for (int t = 0; t < n; t++) {
        int best = -1;
        for (int c = 0; c < z.length; c++) {
          if (out[i][c] == 0 && (best < 0 || z[c] > z[best])) {
            best = c;
          }
        }
        out[i][best] = 1;
      }
    }
    return out;
  }

  /** Columns with at least one non-zero entry in both {@code a} and {@code b}. */
  public static boolean[] keptColumns(double[][] a, double[][] b) {
    boolean[] inA = nonZeroColumns(a);
    boolean[] inB = nonZeroColumns(b);
    boolean[] kept = new boolean[inA.length];
    for (int c = 0; c < kept.length; c++) {
      kept[c] = inA[c] && inB[c];
    }
    return kept;
  }

  /** The {@code kept} columns of each row. */
  public static double[][] select(double[][] x, boolean[] kept) {
    int width = 0;
    for (boolean k : kept) {
      width += k ? 1 : 0;
    }
    double[][] out = new double[x.length][width];
    for (int i = 0; i < x.length; i++) {
      for (int c = 0, o = 0; c < kept.length; c++) {
        if (kept[c]) {
          out[i][o++] = x[i][c];
        }
      }
    }
    return out;
  }

  /** Count of rows per arg-max class (first maximum on ties), {@code [C]}. */
  public static long[] top1Histogram(double[][] logits) {
    long[] h = new long[logits[0].length];
    for (double[] z : logits) {
      int best = 0;
      for (int c = 1; c < z.length; c++) {
        if (z[c] > z[best]) {
          best = c;
        }
      }
      h[best]++;
    }
    return h;
  }

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

  private static boolean[] nonZeroColumns(double[][] x) {
    boolean[] nz = new boolean[x[0].length];
    for (double[] row : x) {
      for (int c = 0; c < row.length; c++) {
        nz[c] |= row[c] != 0;
      }
    }
    return nz;
  }
}
