package dev.guidelab.guidance;

import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.util.function.Function;

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

  /**
   * CFG's guide: the named guiding model, or the (conditional) main network itself, evaluated with
   * the null condition.
   *
   * @param guide the guiding model's id, or null for {@code main}
   */
  public static Denoiser of(String guide, Denoiser main, Function<String, Denoiser> models) {
    return new NullCondition(guide == null ? main : models.apply(guide));
  }
}
