package dev.guidelab.guidance;

import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * The guiding denoiser of CFG and autoguidance combined ({@link
 * dev.guidelab.guidance.methods.Blend.Params}; Karras et al. 2024, Appendix B.2, DeepFloyd IF):
 * {@code D_g = (1 − mix)·D_cfg + mix·D_auto}. A guide whose share is 0 is not evaluated.
 */
public final class BlendedGuide implements Denoiser {

  private final Denoiser cfgGuide;
  private final Denoiser autoGuide;
  private final double mix;

  /**
   * @param cfgGuide the unconditional guiding evaluation (e.g. a {@link NullCondition})
   * @param autoGuide the degraded guide, evaluated with the main model's condition
   * @param mix share of the autoguidance guide, in [0, 1]
   */
  public BlendedGuide(Denoiser cfgGuide, Denoiser autoGuide, double mix) {
    if (cfgGuide.dim() != autoGuide.dim()) {
      throw new IllegalArgumentException(
          "guides differ in dimension: " + cfgGuide.dim() + " and " + autoGuide.dim());
    }
    if (!(0 <= mix && mix <= 1)) {
      throw new IllegalArgumentException("mix must be in [0, 1], got " + mix);
    }
    this.cfgGuide = cfgGuide;
    this.autoGuide = autoGuide;
    this.mix = mix;
  }

  @Override
  public int dim() {
    return cfgGuide.dim();
  }

  @Override
  public int conditionDim() {
    return autoGuide.conditionDim();
  }

  @Override
  public BatchSpace space() {
    return cfgGuide.space();
  }

  @Override
  public Batch denoise(Batch x, double sigma, Evaluation eval) {
    if (mix == 0) {
      return cfgGuide.denoise(x, sigma, eval);
    }
    if (mix == 1) {
      return autoGuide.denoise(x, sigma, eval);
    }
    Batch dCfg = cfgGuide.denoise(x, sigma, eval); // [n, dim]
    Batch dAuto = autoGuide.denoise(x, sigma, eval); // [n, dim]
    // D_g = (1 − mix)·D_cfg + mix·D_auto.
    return dCfg.times(1 - mix).plus(mix, dAuto);
  }
}
