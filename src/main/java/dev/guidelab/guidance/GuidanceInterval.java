package dev.guidelab.guidance;

import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * Guidance applied in a limited interval (Kynkäänniemi et al. 2024, "Applying Guidance in a Limited
 * Interval Improves Sample and Distribution Quality in Diffusion Models", Eq. 3): the guided
 * denoiser inside the interval, plain {@code D_m} outside, where the guide is not evaluated.
 *
 * <p>Keyed on σ of each evaluation ({@code σ_lo < σ ≤ σ_hi}, the paper's form), or on the step
 * index as in the official EDM2 code ({@code from ≤ i ≤ to}; both evaluations of a Heun step share
 * the decision).
 */
public final class GuidanceInterval implements Denoiser {

  /** Which evaluations are guided. */
  public interface Rule {
    boolean guides(double sigma, Evaluation eval);
  }

  private final Denoiser main;
  private final Denoiser guided;
  private final Rule rule;

  /**
   * @param main the main model D_m, used outside the interval
   * @param guided the guided denoiser (which evaluates main and guide), used inside
   * @param rule the interval
   */
  public GuidanceInterval(Denoiser main, Denoiser guided, Rule rule) {
    this.main = main;
    this.guided = guided;
    this.rule = rule;
  }

  /** Guided iff {@code sigmaLo < σ ≤ sigmaHi}. */
  public static Rule sigma(double sigmaLo, double sigmaHi) {
    return (sigma, eval) -> sigmaLo < sigma && sigma <= sigmaHi;
  }

  /** Guided iff {@code from ≤ i ≤ to} for the evaluation's step {@code i}. */
  public static Rule steps(int from, int to) {
    return (sigma, eval) -> from <= eval.step() && eval.step() <= to;
  }

  @Override
  public int dim() {
    return main.dim();
  }

  @Override
  public int conditionDim() {
    return main.conditionDim();
  }

  @Override
  public BatchSpace space() {
    return main.space();
  }

  @Override
  public Batch denoise(Batch x, double sigma, Evaluation eval) {
    return rule.guides(sigma, eval) ? guided.denoise(x, sigma, eval) : main.denoise(x, sigma, eval);
  }
}
