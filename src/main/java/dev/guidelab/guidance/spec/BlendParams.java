package dev.guidelab.guidance.spec;

import java.util.List;
import java.util.Objects;

/**
 * CFG and autoguidance together, for the combination the autoguidance paper uses on DeepFloyd IF
 * (Karras et al. 2024, "Guiding a Diffusion Model with a Bad Version of Itself", Appendix B.2). One
 * guiding denoiser blends the unconditional guide and the bad conditional guide, {@code D_g = (1 −
 * mix)·D_cfg + mix·D_auto}, inside {@code D = D_g + w(D_m − D_g)}. Expanded, the total guidance
 * {@code w − 1} is split into a CFG share and an autoguidance share: {@code D = D_m + (w − 1)[(1 −
 * mix)(D_m − D_cfg) + mix·(D_m − D_auto)]}; {@code mix = 0} is CFG, {@code mix = 1} autoguidance.
 *
 * <p>The appendix text itself could not be consulted when this was written; the rule above is the
 * brief's documented fallback, and it is the same formula as the "split one guidance budget between
 * CFG and autoguidance" reading that third-party ports label as the appendix's
 * (ComfyUI-AutoGuidance, {@code multi_guidance_paper}). Check it against the paper before quoting
 * published numbers.
 *
 * @param cfgGuide id of the unconditional guide, or null for the main model with the null condition
 *     (as {@link CfgParams})
 * @param autoGuide id of the degraded guide, evaluated with the main model's condition
 * @param mix share of autoguidance, in [0, 1]
 * @param weight guidance weight w ≥ 0
 */
public record BlendParams(String cfgGuide, String autoGuide, double mix, double weight)
    implements GuidanceParams {

  @Override
  public List<String> models() {
    return cfgGuide == null ? List.of(autoGuide) : List.of(cfgGuide, autoGuide);
  }

  public BlendParams {
    Objects.requireNonNull(autoGuide, "autoGuide");
    Labels.requireWeight(weight);
    if (!(0 <= mix && mix <= 1)) {
      throw new IllegalArgumentException("mix must be in [0, 1], got " + mix);
    }
  }

  @Override
  public String method() {
    return BLEND;
  }

  @Override
  public String label() {
    return Labels.weighted(BLEND + " mix=" + Labels.number(mix), weight);
  }

  @Override
  public Double guidanceWeight() {
    return weight;
  }
}
