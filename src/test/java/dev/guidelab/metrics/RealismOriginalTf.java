package dev.guidelab.metrics;

/**
 * The authors' original TF realism score (kynkaat/improved-precision-and-recall-metric), kept
 * beside the product's {@link Realism#dgmEval} to check both published variants against
 * prdc_rarity_realism.json: squared radii {@code r²} above their 50th percentile set to 0 ({@code
 * >}, linear interpolation), then {@code max_r r²/(‖φ_g − φ_r‖² + 1e-5)}.
 */
final class RealismOriginalTf {

  /** Added to the squared distance in the original TF variant. */
  static final double TF_EPSILON = 1e-5;

  private RealismOriginalTf() {}

  /** Per generated sample, {@code [M]}. */
  static double[] scores(NearestNeighbours.Balls real, double[][] fake) {
    // r² and ‖·‖² squared from the distances (as the reference vectors: distances first).
    double[] r2 = real.radii();
    for (int i = 0; i < r2.length; i++) {
      r2[i] *= r2[i];
    }
    double clamp = Realism.percentile(r2, 50);
    double[][] c = real.centres();
    double[] out = new double[fake.length];
    for (int g = 0; g < fake.length; g++) {
      double best = 0;
      for (int i = 0; i < c.length; i++) {
        double d = Math.sqrt(NearestNeighbours.squaredDistance(fake[g], c[i]));
        // Clamped radii count as 0 (they still take part in the max).
        best = Math.max(best, (r2[i] > clamp ? 0 : r2[i]) / (d * d + TF_EPSILON));
      }
      out[g] = best;
    }
    return out;
  }
}
