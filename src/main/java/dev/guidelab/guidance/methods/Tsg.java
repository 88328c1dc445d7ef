package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.GuidedDenoiser;
import dev.guidelab.guidance.Labels;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Param.Presence;
import dev.guidelab.guidance.Param.Range;
import dev.guidelab.guidance.PerturbedNoiseEmbedding;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.function.Function;

/**
 * Time-step guidance (Sadat et al. 2024, "No Training, No Problem", Eq. 8): {@code D = D_g + w(D_m
 * − D_g)} with the guide the same model given a perturbed noise embedding {@code ê = e(σ) +
 * s·σ^α·n}, {@code n ~ N(0, 1)} fresh per evaluation and sample ({@link PerturbedNoiseEmbedding}).
 */
public final class Tsg implements GuidanceMethod {

  public static final String NAME = "tsg";

  /**
   * A TSG point.
   *
   * @param scale s ≥ 0
   * @param alpha exponent α of σ
   * @param weight guidance weight w ≥ 0
   */
  public record Params(double scale, double alpha, double weight) implements GuidanceParams {

    public Params {
      Labels.requireWeight(weight);
      if (!(scale >= 0) || Double.isInfinite(scale) || !Double.isFinite(alpha)) {
        throw new IllegalArgumentException(
            "scale must be finite and ≥ 0 and alpha finite, got " + scale + ", " + alpha);
      }
    }

    @Override
    public String method() {
      return NAME;
    }

    @Override
    public String label() {
      return Labels.weighted(
          NAME + " s=" + Labels.number(scale) + " α=" + Labels.number(alpha), weight);
    }

    @Override
    public Double guidanceWeight() {
      return weight;
    }

    @Override
    public Denoiser denoiser(Denoiser main, Function<String, Denoiser> models) {
      return new GuidedDenoiser(main, new PerturbedNoiseEmbedding(main, scale, alpha), weight);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "time-step guidance";
  }

  @Override
  public Role role() {
    return Role.WEIGHTED;
  }

  @Override
  public List<Param> params() {
    return List.of(
        Param.number("scale", Presence.REQUIRED, null, Range.NON_NEGATIVE, "the scale s ≥ 0"),
        Param.number("alpha", Presence.REQUIRED, null, Range.ANY, "the exponent α of σ"));
  }

  @Override
  public boolean needsNoiseEmbedding() {
    return true;
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params(values.number("scale"), values.number("alpha"), weight);
  }
}
