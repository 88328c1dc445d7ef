package dev.guidelab.guidance;

import dev.guidelab.guidance.spec.ApgParams;
import dev.guidelab.guidance.spec.AutoguidanceParams;
import dev.guidelab.guidance.spec.BlendParams;
import dev.guidelab.guidance.spec.CadsParams;
import dev.guidelab.guidance.spec.CfgParams;
import dev.guidelab.guidance.spec.GuidanceParams;
import dev.guidelab.guidance.spec.IcgParams;
import dev.guidelab.guidance.spec.IntervalParams;
import dev.guidelab.guidance.spec.NoneParams;
import dev.guidelab.guidance.spec.TsgParams;
import dev.guidelab.sampling.Denoiser;
import java.util.function.Function;

/**
 * Turns a point's {@link GuidanceParams} into the denoiser the sampler sees, by composing the
 * decorators of this package over the main network (docs/sampling-and-guidance.md §2). The one
 * place that knows which decorator implements which method.
 *
 * <p>For NFE accounting pass a counted main network and a resolver that returns counted guides
 * ({@link CountingDenoiser}): guidance that re-evaluates the main network (CFG or APG without a
 * guide, ICG, TSG) goes through the same {@code main} instance, so every network evaluation is
 * counted, and skipped ones (w = 1, outside an interval) are not.
 */
public final class Guidance {

  private Guidance() {}

  /**
   * The guided denoiser for {@code params}. Build a fresh one per point; APG's momentum is per
   * sampling run (see {@link AdaptiveProjectedGuidance}), so sharing one across batches is safe.
   *
   * @param params the point's guidance
   * @param main the main network D_m
   * @param models resolves a guide's model id to its network; called once per guide named
   */
  public static Denoiser denoiser(
      GuidanceParams params, Denoiser main, Function<String, Denoiser> models) {
    if (params instanceof NoneParams) {
      return main;
    }
    if (params instanceof CfgParams p) {
      return new GuidedDenoiser(main, unconditional(p.guide(), main, models), p.weight());
    }
    if (params instanceof AutoguidanceParams p) {
      return new GuidedDenoiser(main, models.apply(p.guide()), p.weight());
    }
    if (params instanceof IntervalParams p) {
      GuidanceInterval.Rule rule =
          p.keyedBySigma()
              ? GuidanceInterval.sigma(p.sigmaLo(), p.sigmaHi())
              : GuidanceInterval.steps(p.stepFrom(), p.stepTo());
      return new GuidanceInterval(main, denoiser(p.inner(), main, models), rule);
    }
    if (params instanceof ApgParams p) {
      return new AdaptiveProjectedGuidance(
          main,
          unconditional(p.guide(), main, models),
          p.weight(),
          p.eta(),
          p.normThreshold(),
          p.momentum());
    }
    if (params instanceof IcgParams p) {
      return new GuidedDenoiser(
          main, new IndependentCondition(main, p.conditionNoise()), p.weight());
    }
    if (params instanceof TsgParams p) {
      return new GuidedDenoiser(
          main, new PerturbedNoiseEmbedding(main, p.scale(), p.alpha()), p.weight());
    }
    if (params instanceof CadsParams p) {
      return new ConditionAnnealing(
          denoiser(p.inner(), main, models),
          p.tau1(),
          p.tau2(),
          p.noiseScale(),
          p.psi(),
          p.rescale());
    }
    if (params instanceof BlendParams p) {
      Denoiser blended =
          new BlendedGuide(
              unconditional(p.cfgGuide(), main, models), models.apply(p.autoGuide()), p.mix());
      return new GuidedDenoiser(main, blended, p.weight());
    }
    throw new IllegalArgumentException("no denoiser for guidance " + params);
  }

  /** CFG's unconditional evaluation: of the named guide, or of the main network itself. */
  private static Denoiser unconditional(
      String guide, Denoiser main, Function<String, Denoiser> models) {
    return new NullCondition(guide == null ? main : models.apply(guide));
  }
}
