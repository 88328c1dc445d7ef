package dev.guidelab.guidance;

import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * A network evaluated unconditionally, {@code D(x; σ, ∅)}: CFG's guiding evaluation
 * (spec/sampling-and-guidance.md §2). A conditional network gets the null condition, the all-zero
 * vector; an unconditional network gets no condition at all.
 */
public final class NullCondition implements Denoiser {

  private final Denoiser net;

  public NullCondition(Denoiser net) {
    this.net = net;
  }

  @Override
  public int dim() {
    return net.dim();
  }

  @Override
  public int conditionDim() {
    return net.conditionDim();
  }

  @Override
  public double[] denoise(double[] x, double sigma, Evaluation eval) {
    // c = ∅: zeros [n, conditionDim], or null for a network that takes no condition.
    int conditionDim = net.conditionDim();
    double[] none = conditionDim > 0 ? new double[eval.batchSize() * conditionDim] : null;
    return net.denoise(x, sigma, eval.withCondition(none));
  }
}
