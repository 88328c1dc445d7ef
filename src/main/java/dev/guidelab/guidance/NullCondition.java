package dev.guidelab.guidance;

import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * A network evaluated unconditionally, {@code D(x; σ, ∅)}: CFG's guiding evaluation
 * (docs/sampling-and-guidance.md §2). A conditional network gets the null condition, the all-zero
 * vector; an unconditional network gets no condition at all.
 */
public final class NullCondition extends ContextRewrite {

  public NullCondition(Denoiser net) {
    super(net);
  }

  @Override
  Evaluation rewrite(Evaluation eval, double sigma) {
    // c = ∅: zeros [n, conditionDim], or null for a network that takes no condition.
    int conditionDim = net.conditionDim();
    return eval.withCondition(
        conditionDim > 0 ? new double[eval.batchSize() * conditionDim] : null);
  }
}
