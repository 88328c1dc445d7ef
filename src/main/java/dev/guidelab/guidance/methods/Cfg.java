package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.GuidedDenoiser;
import dev.guidelab.guidance.Labels;
import dev.guidelab.guidance.NullCondition;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.function.Function;

/**
 * Classifier-free guidance (Ho &amp; Salimans 2022): {@code D = D_g + w(D_m − D_g)} with the guide
 * evaluated unconditionally ({@code c = ∅}).
 */
public final class Cfg implements GuidanceMethod {

  public static final String NAME = "cfg";

  /**
   * A CFG point.
   *
   * @param guide id of a separate guiding model, or null to evaluate the (conditional) main model
   *     itself with the null condition
   * @param weight guidance weight w ≥ 0
   */
  public record Params(String guide, double weight) implements GuidanceParams {

    public Params {
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
      return guide == null ? List.of() : List.of(guide);
    }

    @Override
    public Double guidanceWeight() {
      return weight;
    }

    @Override
    public Denoiser denoiser(Denoiser main, Function<String, Denoiser> models) {
      return new GuidedDenoiser(main, NullCondition.of(guide, main, models), weight);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "classifier-free guidance";
  }

  @Override
  public Role role() {
    return Role.WEIGHTED;
  }

  @Override
  public List<Param> params() {
    return List.of(unconditionalGuide("guide"));
  }

  /** CFG's guide, also APG's and the blend's: optional on a conditional main model. */
  static Param unconditionalGuide(String name) {
    return Param.guide(
        name,
        Param.GuideRole.NULL_CONDITION,
        Param.Presence.UNLESS_CONDITIONAL,
        "give the unconditional guiding model's id");
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
