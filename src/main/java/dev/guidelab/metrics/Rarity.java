package dev.guidelab.metrics;

/**
 * Rarity score of each generated sample (Han et al. 2022, Eq. 3): {@code min { r_k(φ_r) : ‖φ_g −
 * φ_r‖ < r_k(φ_r) }}, the radius of the smallest real ball that strictly contains it. Large = in a
 * sparse, rare region of the real manifold. Undefined (NaN here, excluded from any aggregate) when
 * the sample lies in no real ball.
 */
public final class Rarity {

  private Rarity() {}

  /** Per generated sample, {@code [M]}; NaN outside every real ball. */
  public static double[] scores(NearestNeighbours.Balls real, double[][] fake) {
    double[][] c = real.centres();
    double[] r2 = real.squaredRadii();
    double[] out = new double[fake.length];
    NearestNeighbours.parallelBlocks(
        fake.length,
        g -> {
          double best = Double.POSITIVE_INFINITY; // smallest containing squared radius
          for (int i = 0; i < c.length; i++) {
            if (r2[i] < best && NearestNeighbours.squaredDistance(fake[g], c[i]) < r2[i]) {
              best = r2[i];
            }
          }
          out[g] = best == Double.POSITIVE_INFINITY ? Double.NaN : Math.sqrt(best);
        });
    return out;
  }
}
