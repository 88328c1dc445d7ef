package dev.guidelab.toy;

/**
 * The exact log-density {@code log p(x;0)} of a toy class on a square grid, for drawing the true
 * distribution under a point's samples (like Fig. 1 of the autoguidance paper).
 *
 * @param toyClass {@code A}, {@code B} or {@code AB}
 * @param min lower bound of both axes
 * @param max upper bound of both axes
 * @param size grid cells per axis
 * @param logDensity {@code [size, size]} row-major, row {@code j} at {@code y = min + (j + ½)·h},
 *     column {@code i} at {@code x = min + (i + ½)·h}, with {@code h = (max − min)/size}
 */
public record ToyDensity(String toyClass, double min, double max, int size, double[] logDensity) {

  /**
   * Evaluates the class's exact density on a {@code size × size} grid over the square that holds
   * every component's 2σ ellipse's bounding box, with a 10 % margin.
   */
  public static ToyDensity of(ToyClass toyClass, int size) {
    GaussianMixture mixture = ToyGroundTruth.get().mixture(toyClass);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < mixture.size(); k++) {
      MixtureComponent c = mixture.component(k);
      double r0 = 2 * Math.sqrt(c.s00());
      double r1 = 2 * Math.sqrt(c.s11());
      lo = Math.min(lo, Math.min(c.mu0() - r0, c.mu1() - r1));
      hi = Math.max(hi, Math.max(c.mu0() + r0, c.mu1() + r1));
    }
    double margin = 0.1 * (hi - lo);
    double min = lo - margin;
    double max = hi + margin;
    double h = (max - min) / size;
    double[] grid = new double[2 * size * size]; // [size·size, 2] cell centres, row-major in y
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        int cell = j * size + i;
        grid[2 * cell] = min + (i + 0.5) * h;
        grid[2 * cell + 1] = min + (j + 0.5) * h;
      }
    }
    return new ToyDensity(toyClass.name(), min, max, size, mixture.logDensities(grid));
  }
}
