package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.GuidedDenoiser;
import dev.guidelab.guidance.IndependentCondition;
import dev.guidelab.guidance.IndependentCondition.ConditionNoise;
import dev.guidelab.guidance.Labels;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Independent condition guidance (Sadat et al. 2024, "No Training, No Problem", Eq. 6): {@code D =
 * D_g + w(D_m − D_g)} with the guide the same conditional model given a condition independent of
 * {@code x} ({@link IndependentCondition}).
 */
public final class Icg implements GuidanceMethod {

  public static final String NAME = "icg";

  /**
   * An ICG point.
   *
   * @param conditionNoise how the independent condition is drawn
   * @param weight guidance weight w ≥ 0
   */
  public record Params(ConditionNoise conditionNoise, double weight) implements GuidanceParams {

    public Params {
      Objects.requireNonNull(conditionNoise, "conditionNoise");
      Labels.requireWeight(weight);
    }

    @Override
    public String method() {
      return NAME;
    }

    @Override
    public String label() {
      return Labels.weighted(NAME + " " + conditionNoise.wireName(), weight);
    }

    @Override
    public Double guidanceWeight() {
      return weight;
    }

    @Override
    public Denoiser denoiser(Denoiser main, Function<String, Denoiser> models) {
      return new GuidedDenoiser(main, new IndependentCondition(main, conditionNoise), weight);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "independent condition guidance";
  }

  @Override
  public Role role() {
    return Role.WEIGHTED;
  }

  @Override
  public List<Param> params() {
    return List.of(
        Param.choice(
            "conditionNoise",
            ConditionNoise.RANDOM_CLASS.wireName(),
            Arrays.stream(ConditionNoise.values()).map(ConditionNoise::wireName).toList(),
            "how the independent condition is drawn"));
  }

  @Override
  public boolean needsConditionalMain() {
    return true;
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params(ConditionNoise.fromWireName(values.text("conditionNoise")), weight);
  }
}
