package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.AdaptiveProjectedGuidance;
import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.Labels;
import dev.guidelab.guidance.NullCondition;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Param.Presence;
import dev.guidelab.guidance.Param.Range;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.function.Function;

/**
 * Adaptive projected guidance (Sadat et al. 2025, Algorithm 1; docs/sampling-and-guidance.md §2
 * APG): the CFG update {@code Δ = D_m − D_g} with momentum β, norm threshold r, and its component
 * parallel to {@code D_m} scaled by η ({@link AdaptiveProjectedGuidance}). With {@code η = 1, r =
 * 0, β = 0} it is CFG.
 */
public final class Apg implements GuidanceMethod {

  public static final String NAME = "apg";

  /**
   * An APG point.
   *
   * @param guide id of a separate unconditional guiding model, or null for the main model with the
   *     null condition (as {@link Cfg})
   * @param eta scale η of the parallel component; the paper recommends 0
   * @param normThreshold r ≥ 0; 0 turns the rescaling off
   * @param momentum β in (−1, 1); 0 turns the momentum off
   * @param weight guidance weight w ≥ 0
   */
  public record Params(
      String guide, double eta, double normThreshold, double momentum, double weight)
      implements GuidanceParams {

    public Params {
      Labels.requireWeight(weight);
      if (!Double.isFinite(eta)) {
        throw new IllegalArgumentException("eta must be finite, got " + eta);
      }
      if (!(normThreshold >= 0) || Double.isInfinite(normThreshold)) {
        throw new IllegalArgumentException(
            "normThreshold must be finite and ≥ 0, got " + normThreshold);
      }
      if (!(momentum > -1 && momentum < 1)) {
        throw new IllegalArgumentException("momentum must be in (−1, 1), got " + momentum);
      }
    }

    @Override
    public String method() {
      return NAME;
    }

    /** {@code apg η=0 w=4}; r and β appear only when they are on. */
    @Override
    public String label() {
      StringBuilder s = new StringBuilder(NAME).append(" η=").append(Labels.number(eta));
      if (normThreshold > 0) {
        s.append(" r=").append(Labels.number(normThreshold));
      }
      if (momentum != 0) {
        s.append(" β=").append(Labels.number(momentum));
      }
      return Labels.weighted(s.toString(), weight);
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
      return new AdaptiveProjectedGuidance(
          main, NullCondition.of(guide, main, models), weight, eta, normThreshold, momentum);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "adaptive projected guidance";
  }

  @Override
  public Role role() {
    return Role.WEIGHTED;
  }

  @Override
  public List<Param> params() {
    return List.of(
        Cfg.unconditionalGuide("guide"),
        Param.number("eta", Presence.DEFAULTED, 0.0, Range.ANY, "η"),
        Param.number("normThreshold", Presence.DEFAULTED, 0.0, Range.NON_NEGATIVE, "r ≥ 0"),
        Param.number("momentum", Presence.DEFAULTED, 0.0, Range.OPEN_UNIT_BALL, "β"));
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params(
        values.text("guide"),
        values.number("eta"),
        values.number("normThreshold"),
        values.number("momentum"),
        weight);
  }
}
