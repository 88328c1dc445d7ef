package dev.guidelab.guidance;

import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * Linear guidance {@code D = D_g + w(D_m − D_g)} (docs/sampling-and-guidance.md §2; CFG: Ho &amp;
 * Salimans 2022; autoguidance: Karras et al. 2024, Eq. 2; ICG and TSG: Sadat et al. 2024). These
 * methods are this same code with a different guiding denoiser: an unconditional evaluation for CFG
 * ({@link NullCondition}), a degraded model for autoguidance, an independent condition for ICG
 * ({@link IndependentCondition}), a perturbed noise embedding for TSG ({@link
 * PerturbedNoiseEmbedding}). At {@code w = 1} the guide is not evaluated at all.
 */
public final class GuidedDenoiser implements Denoiser {

  private final Denoiser main;
  private final Denoiser guide;
  private final double w;

  /**
   * @param main the main model D_m
   * @param guide the guiding denoiser D_g (same dimension)
   * @param w guidance weight; 1 means no guidance
   */
  public GuidedDenoiser(Denoiser main, Denoiser guide, double w) {
    if (main.dim() != guide.dim()) {
      throw new IllegalArgumentException(
          "guide dimension " + guide.dim() + " differs from main model dimension " + main.dim());
    }
    if (!Double.isFinite(w)) {
      throw new IllegalArgumentException("guidance weight w must be finite, got " + w);
    }
    this.main = main;
    this.guide = guide;
    this.w = w;
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
    // Main evaluation D_m, [n, dim].
    Batch dMain = main.denoise(x, sigma, eval);
    if (w == 1) {
      return dMain;
    }
    // Guiding evaluation D_g, [n, dim].
    Batch dGuide = guide.denoise(x, sigma, eval);
    // D = D_g + w(D_m − D_g).
    return dGuide.plus(w, dMain.minus(dGuide));
  }
}
