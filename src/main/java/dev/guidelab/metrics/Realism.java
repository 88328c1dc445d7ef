package dev.guidelab.metrics;

import java.util.Arrays;

/**
 * Realism score of each generated sample (Kynkäänniemi et al. 2019, Eq. 4: {@code R(φ_g) = max_r
 * r_k(φ_r)/‖φ_g − φ_r‖}, restricted to the real balls below the median radius so outliers cannot
 * dominate), in the two published variants. Higher = deeper inside the real manifold; ≥ 1 means
 * inside some retained ball.
 */
public final class Realism {

  /** Added to the squared distance in the original TF variant. */
  public static final double TF_EPSILON = 1e-5;

  private Realism() {}

  /**
   * dgm-eval / the paper's formula: plain distances, only balls with {@code r_k < median(r_k)}
   * (strict; numpy median, mean of the two middle values for even N). {@code [M]}; NaN if no ball
   * is below the median (all radii equal).
   */
  public static double[] dgmEval(NearestNeighbours.Balls real, double[][] fake) {
    double[] r = real.radii();
    double median = percentile(r, 50);
    return maxRatio(real, fake, r, median, false);
  }

  /**
   * The authors' original TF code (kynkaat/improved-precision-and-recall-metric): squared radii
   * {@code r²} above their 50th percentile set to 0 ({@code >}, linear interpolation), then {@code
   * max_r r²/(‖φ_g − φ_r‖² + 1e-5)}. {@code [M]}.
   */
  public static double[] originalTf(NearestNeighbours.Balls real, double[][] fake) {
    // r² and ‖·‖² squared from the distances (as the reference vectors: distances first).
    double[] r2 = real.radii();
    for (int i = 0; i < r2.length; i++) {
      r2[i] *= r2[i];
    }
    double clamp = percentile(r2, 50);
    return maxRatio(real, fake, r2, clamp, true);
  }

  private static double[] maxRatio(
      NearestNeighbours.Balls real, double[][] fake, double[] radius, double cut, boolean tf) {
    double[][] c = real.centres();
    double[] out = new double[fake.length];
    NearestNeighbours.parallelBlocks(
        fake.length,
        g -> {
          double best = tf ? 0 : Double.NEGATIVE_INFINITY;
          for (int i = 0; i < c.length; i++) {
            double d = Math.sqrt(NearestNeighbours.squaredDistance(fake[g], c[i]));
            double ratio;
            if (tf) {
              // Clamped radii count as 0 (they still take part in the max).
              ratio = (radius[i] > cut ? 0 : radius[i]) / (d * d + TF_EPSILON);
            } else if (radius[i] < cut) {
              ratio = radius[i] / d;
            } else {
              continue;
            }
            best = Math.max(best, ratio);
          }
          out[g] = best == Double.NEGATIVE_INFINITY ? Double.NaN : best; // no ball retained
        });
    return out;
  }

  /** numpy.percentile with linear interpolation, {@code q} in [0, 100]. */
  static double percentile(double[] values, double q) {
    double[] s = values.clone();
    Arrays.sort(s);
    double pos = q / 100 * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    double frac = pos - lo;
    return frac == 0 ? s[lo] : s[lo] + (s[hi] - s[lo]) * frac;
  }
}
