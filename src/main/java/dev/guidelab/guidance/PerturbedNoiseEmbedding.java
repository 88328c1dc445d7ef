package dev.guidelab.guidance;

import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * TSG's guiding evaluation (Sadat et al. 2024, "No Training, No Problem: Rethinking Classifier-Free
 * Guidance for Diffusion Models", §5, Eq. 8): the same network with its noise embedding perturbed,
 * {@code ê = e(σ) + s·σ^α·n}, {@code n ~ N(0, 1)}, condition unchanged.
 *
 * <p>Each evaluation draws a fresh {@code n} for every sample from that sample's own generator (one
 * Gaussian per sample, in sample order) and passes {@code s·σ^α·n} as {@link
 * Evaluation#noiseShift()}, added to any shift already present.
 */
public final class PerturbedNoiseEmbedding extends ContextRewrite {

  private final double s;
  private final double alpha;

  /**
   * @param net the network
   * @param s scale s of the perturbation
   * @param alpha exponent α of σ
   */
  public PerturbedNoiseEmbedding(Denoiser net, double s, double alpha) {
    super(net);
    this.s = s;
    this.alpha = alpha;
  }

  @Override
  Evaluation rewrite(Evaluation eval, double sigma) {
    int n = eval.batchSize();
    double[] previous = eval.noiseShift();
    double scale = s * Math.pow(sigma, alpha);
    double[] shift = new double[n]; // [n]
    for (int j = 0; j < n; j++) {
      // ê − e(σ) = s·σ^α·n_j.
      shift[j] = (previous == null ? 0 : previous[j]) + scale * eval.rngs()[j].nextGaussian();
    }
    return eval.withNoiseShift(shift);
  }
}
