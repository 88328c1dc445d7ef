package dev.guidelab.metrics;

import java.util.Arrays;

/**
 * Realism score of each generated sample (Kynkäänniemi et al. 2019, Eq. 4: {@code R(φ_g) = max_r
 * r_k(φ_r)/‖φ_g − φ_r‖}, restricted to the real balls below the median radius so outliers cannot
 * dominate), in dgm-eval's variant (the authors' original TF variant is checked beside it in the
 * tests). Higher = deeper inside the real manifold; ≥ 1 means inside some retained ball.
 */
public final class Realism {

  private Realism() {}

  /**
   * dgm-eval / the paper's formula: plain distances, only balls with {@code r_k < median(r_k)}
   * (strict; numpy median, mean of the two middle values for even N). {@code [M]}; NaN if no ball
   * is below the median (all radii equal).
   */
  public static double[] dgmEval(NearestNeighbours.Balls real, double[][] fake) {
    double[] r = real.radii();
    double median = percentile(r, 50);
    return maxRatio(real, fake, r, median);
  }

  private static double[] maxRatio(
      NearestNeighbours.Balls real, double[][] fake, double[] radius, double cut) {
    double[][] c = real.centres();
    double[] out = new double[fake.length];
    NearestNeighbours.parallelBlocks(
        fake.length,
        g -> {
          double best = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < c.length; i++) {
            if (radius[i] < cut) {
              double d = Math.sqrt(NearestNeighbours.squaredDistance(fake[g], c[i]));
              best = Math.max(best, radius[i] / d);
            }
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
