package dev.guidelab.features;

/**
 * Features of {@code n} images, row-major {@code [n, dim]} in float64 (widened from the network's
 * float32), ready for {@code MomentAccumulator.accept(values, dim)}; with the content hash of the
 * network and the preprocessing pipeline that made them, to be stored with every derived value.
 */
public record Features(int n, int dim, double[] values, String networkSha256, String pipeline) {

  public Features {
    if ((long) n * dim != values.length) {
      throw new IllegalArgumentException(
          "features: " + n + " × " + dim + " needs " + (long) n * dim + " values");
    }
  }

  /** The features of image {@code i}. */
  public double[] row(int i) {
    return java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim);
  }
}
