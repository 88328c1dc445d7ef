package dev.guidelab.metrics;

/**
 * The Top-N binarisation of the Top-N class diagnostic (Kynkäänniemi et al. 2023, Sec. 3;
 * kynkaat/role-of-imagenet-classes-in-fid, {@code resample_utils.binarize_features} with {@code
 * feature_mode='top_n'}): one-hot of each row's N largest logits, keeping only the columns non-zero
 * in both sets; and a Top-1 class histogram of a logits matrix. Checked against topn_binarize.json
 * beside the product's {@link TopN}; the product streams Top-1 counts instead ({@link
 * TopN#addTop1}).
 */
final class TopNBinarization {

  private TopNBinarization() {}

  /**
   * {@code [R][C]} with 1 at each row's {@code n} largest logits, 0 elsewhere. Ties go to the lower
   * class index.
   */
  static double[][] binarize(double[][] logits, int n) {
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
  static boolean[] keptColumns(double[][] a, double[][] b) {
    boolean[] inA = nonZeroColumns(a);
    boolean[] inB = nonZeroColumns(b);
    boolean[] kept = new boolean[inA.length];
    for (int c = 0; c < kept.length; c++) {
      kept[c] = inA[c] && inB[c];
    }
    return kept;
  }

  /** The {@code kept} columns of each row. */
  static double[][] select(double[][] x, boolean[] kept) {
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
  static long[] top1Histogram(double[][] logits) {
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
