package dev.guidelab.metrics;

/**
 * Inception Score (Salimans et al. 2016, Sec. 4): {@code IS = exp(E_x KL(p(y|x) ‖ p(y)))} per
 * split, {@code p(y)} the split's mean of {@code p(y|x)}; mean and population std over contiguous
 * splits (StyleGAN3 / torch-fidelity without shuffling). Checked against inception_score.json; no
 * spec can ask for it, so it lives with the tests.
 */
public final class InceptionScore {

  /** Reference number of splits. */
  public static final int DEFAULT_SPLITS = 10;

  /**
   * An Inception Score.
   *
   * @param perSplit IS of each split
   * @param mean mean over splits
   * @param std population std (ddof 0) over splits
   */
  public record Result(double[] perSplit, double mean, double std) {}

  private InceptionScore() {}

  /** Row-wise softmax of {@code logits} ({@code [N][C]}), max-shifted, float64. */
  public static double[][] softmax(double[][] logits) {
    double[][] p = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      double[] z = logits[i];
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v);
      }
      double sum = 0;
      p[i] = new double[z.length];
      for (int c = 0; c < z.length; c++) {
        p[i][c] = Math.exp(z[c] - max);
        sum += p[i][c];
      }
      for (int c = 0; c < z.length; c++) {
        p[i][c] /= sum;
      }
    }
    return p;
  }

  /** IS from logits. */
  public static Result fromLogits(double[][] logits, int splits) {
    return fromProbabilities(softmax(logits), splits);
  }

  /**
   * IS from class probabilities {@code p(y|x)}, {@code [N][C]}, split into {@code splits}
   * contiguous parts {@code [s·N/S, (s+1)·N/S)}.
   */
  public static Result fromProbabilities(double[][] p, int splits) {
    int n = p.length;
    if (splits < 1 || splits > n) {
      throw new IllegalArgumentException(splits + " splits for " + n + " samples");
    }
    double[] score = new double[splits];
    for (int s = 0; s < splits; s++) {
      int from = (int) ((long) s * n / splits);
      int to = (int) ((long) (s + 1) * n / splits);
      int c = p[from].length;
      // p(y) = mean of p(y|x) over the split, [C].
      double[] py = new double[c];
      for (int i = from; i < to; i++) {
        for (int y = 0; y < c; y++) {
          py[y] += p[i][y];
        }
      }
      for (int y = 0; y < c; y++) {
        py[y] /= (to - from);
      }
      // E_x KL(p(y|x) ‖ p(y)), with 0·log 0 = 0.
      double kl = 0;
      for (int i = from; i < to; i++) {
        double row = 0;
        for (int y = 0; y < c; y++) {
          if (p[i][y] > 0) {
            row += p[i][y] * (Math.log(p[i][y]) - Math.log(py[y]));
          }
        }
        kl += row;
      }
      score[s] = Math.exp(kl / (to - from));
    }
    double mean = 0;
    for (double v : score) {
      mean += v;
    }
    mean /= splits;
    double var = 0;
    for (double v : score) {
      var += (v - mean) * (v - mean);
    }
    return new Result(score, mean, Math.sqrt(var / splits));
  }
}
