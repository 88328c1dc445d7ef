package dev.guidelab.guidance;

import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * The same network evaluated in another context: guidance that changes what the network is told
 * (its condition, its noise embedding), not how outputs are combined. Subclasses say how the {@link
 * Evaluation} is rewritten.
 */
abstract class ContextRewrite implements Denoiser {

  protected final Denoiser net;

  ContextRewrite(Denoiser net) {
    this.net = net;
  }

  /** The evaluation the network sees instead of {@code eval}, at noise level {@code sigma}. */
  abstract Evaluation rewrite(Evaluation eval, double sigma);

  @Override
  public final int dim() {
    return net.dim();
  }

  @Override
  public final int conditionDim() {
    return net.conditionDim();
  }

  @Override
  public final BatchSpace space() {
    return net.space();
  }

  @Override
  public final Batch denoise(Batch x, double sigma, Evaluation eval) {
    return net.denoise(x, sigma, rewrite(eval, sigma));
  }
}
