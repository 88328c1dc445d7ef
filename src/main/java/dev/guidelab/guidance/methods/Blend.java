package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.BlendedGuide;
import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.GuidedDenoiser;
import dev.guidelab.guidance.Labels;
import dev.guidelab.guidance.NullCondition;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Param.Presence;
import dev.guidelab.guidance.Param.Range;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * CFG and autoguidance together, for the combination the autoguidance paper uses on DeepFloyd IF
 * (Karras et al. 2024, "Guiding a Diffusion Model with a Bad Version of Itself", Appendix B.2). One
 * guiding denoiser blends the unconditional guide and the bad conditional guide, {@code D_g = (1 −
 * mix)·D_cfg + mix·D_auto} ({@link BlendedGuide}), inside {@code D = D_g + w(D_m − D_g)}. Expanded,
 * the total guidance {@code w − 1} is split into a CFG share and an autoguidance share: {@code D =
 * D_m + (w − 1)[(1 − mix)(D_m − D_cfg) + mix·(D_m − D_auto)]}; {@code mix = 0} is CFG, {@code mix =
 * 1} autoguidance.
 *
 * <p>The appendix text itself could not be consulted when this was written; the rule above is the
 * brief's documented fallback, and it is the same formula as the "split one guidance budget between
 * CFG and autoguidance" reading that third-party ports label as the appendix's
 * (ComfyUI-AutoGuidance, {@code multi_guidance_paper}). Check it against the paper before quoting
 * published numbers.
 */
public final class Blend implements GuidanceMethod {

  public static final String NAME = "blend";

  /**
   * A blended-guidance point.
   *
   * @param cfgGuide id of the unconditional guide, or null for the main model with the null
   *     condition (as {@link Cfg})
   * @param autoGuide id of the degraded guide, evaluated with the main model's condition
   * @param mix share of autoguidance, in [0, 1]
   * @param weight guidance weight w ≥ 0
   */
  public record Params(String cfgGuide, String autoGuide, double mix, double weight)
      implements GuidanceParams {

    public Params {
      Objects.requireNonNull(autoGuide, "autoGuide");
      Labels.requireWeight(weight);
      if (!(0 <= mix && mix <= 1)) {
        throw new IllegalArgumentException("mix must be in [0, 1], got " + mix);
      }
    }

    @Override
    public String method() {
      return NAME;
    }

    @Override
    public String label() {
      return Labels.weighted(NAME + " mix=" + Labels.number(mix), weight);
    }

    @Override
    public List<String> models() {
      return cfgGuide == null ? List.of(autoGuide) : List.of(cfgGuide, autoGuide);
    }

    @Override
    public Double guidanceWeight() {
      return weight;
    }

    @Override
    public Denoiser denoiser(Denoiser main, Function<String, Denoiser> models) {
      Denoiser blended =
          new BlendedGuide(NullCondition.of(cfgGuide, main, models), models.apply(autoGuide), mix);
      return new GuidedDenoiser(main, blended, weight);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "blend of classifier-free guidance and autoguidance";
  }

  @Override
  public Role role() {
    return Role.WEIGHTED;
  }

  @Override
  public List<Param> params() {
    return List.of(
        Cfg.unconditionalGuide("cfgGuide"),
        Autoguidance.degradedGuide(
            "autoGuide", "the id of the degraded (autoguidance) guiding model"),
        Param.number(
            "mix", Presence.REQUIRED, null, Range.UNIT, "the autoguidance share in [0, 1]"));
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params(
        values.text("cfgGuide"), values.text("autoGuide"), values.number("mix"), weight);
  }
}
