package dev.guidelab.sampling;

import java.util.random.RandomGenerator;

/**
 * The distribution of the sampler's initial state {@code x₀} at σ_max
 * (docs/sampling-and-guidance.md §1). The toy's exact noisy distribution ({@code
 * GaussianMixture::drawNoisy}) fits this shape.
 */
@FunctionalInterface
public interface StartDistribution {

  /**
   * Draws one sample at noise level {@code sigmaMax} into {@code out[offset .. offset+dim)}, using
   * only {@code rng}.
   */
  void draw(RandomGenerator rng, double sigmaMax, double[] out, int offset);

  /**
   * The general start {@code x₀ = σ_max·n}, {@code n ~ N(0, I)}: {@code dim} Gaussians in order.
   */
  static StartDistribution gaussian(int dim) {
    return (rng, sigmaMax, out, offset) -> {
      for (int j = 0; j < dim; j++) {
        out[offset + j] = sigmaMax * rng.nextGaussian();
      }
    };
  }
}
