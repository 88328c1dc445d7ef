package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.GuidedDenoiser;
import dev.guidelab.guidance.Labels;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Autoguidance (Karras et al. 2024, "Guiding a Diffusion Model with a Bad Version of Itself", Eq.
 * 2): {@code D = D_g + w(D_m − D_g)} with a smaller and/or less-trained version of the main model
 * as guide, evaluated with the same condition.
 */
public final class Autoguidance implements GuidanceMethod {

  public static final String NAME = "autoguidance";

  /**
   * An autoguidance point.
   *
   * @param guide id of the guiding model
   * @param weight guidance weight w ≥ 0
   */
  public record Params(String guide, double weight) implements GuidanceParams {

    public Params {
      Objects.requireNonNull(guide, "guide");
      Labels.requireWeight(weight);
    }

    @Override
    public String method() {
      return NAME;
    }

    @Override
    public String label() {
      return Labels.weighted(NAME, weight);
    }

    @Override
    public List<String> models() {
      return List.of(guide);
    }

    @Override
    public Double guidanceWeight() {
      return weight;
    }

    @Override
    public Denoiser denoiser(Denoiser main, Function<String, Denoiser> models) {
      return new GuidedDenoiser(main, models.apply(guide), weight);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "autoguidance";
  }

  @Override
  public Role role() {
    return Role.WEIGHTED;
  }

  @Override
  public List<Param> params() {
    return List.of(degradedGuide("guide", "the id of the degraded guiding model"));
  }

  /** Autoguidance's guide, also the blend's. */
  static Param degradedGuide(String name, String hint) {
    return Param.guide(name, Param.GuideRole.SAME_CONDITION, Param.Presence.REQUIRED, hint);
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params(values.text("guide"), weight);
  }
}
