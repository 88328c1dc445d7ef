package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.ConditionAnnealing;
import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.Labels;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Param.Presence;
import dev.guidelab.guidance.Param.Range;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Condition-annealed sampling (Sadat et al. 2024, CADS, Eqs. 2–5; docs/sampling-and-guidance.md §2
 * CADS): anneals the condition fed to the network(s) of the inner method with the schedule {@code
 * γ(t)}, {@code t = 1 − i/N} ({@link ConditionAnnealing}). It wraps any method but itself.
 */
public final class Cads implements GuidanceMethod {

  public static final String NAME = "cads";

  public static final double DEFAULT_TAU1 = 0.6;
  public static final double DEFAULT_TAU2 = 0.9;
  public static final double DEFAULT_NOISE_SCALE = 0.25;
  public static final double DEFAULT_PSI = 1;

  /**
   * A CADS point.
   *
   * @param inner the guidance whose evaluations see the annealed condition (carries the weight)
   * @param tau1 γ = 1 for {@code t ≤ τ1}
   * @param tau2 γ = 0 for {@code t ≥ τ2}
   * @param noiseScale s ≥ 0, the scale of the condition noise
   * @param psi ψ in [0, 1], the mixing factor of the rescaled condition; unused without rescale
   * @param rescale whether to rescale the noisy condition to the mean and std of the clean one
   */
  public record Params(
      GuidanceParams inner,
      double tau1,
      double tau2,
      double noiseScale,
      double psi,
      boolean rescale)
      implements GuidanceParams {

    public Params {
      Objects.requireNonNull(inner, "inner");
      if (!(0 <= tau1 && tau1 <= tau2 && tau2 <= 1)) {
        throw new IllegalArgumentException(
            "need 0 ≤ tau1 ≤ tau2 ≤ 1, got tau1 " + tau1 + ", tau2 " + tau2);
      }
      if (!(noiseScale >= 0) || Double.isInfinite(noiseScale) || !(0 <= psi && psi <= 1)) {
        throw new IllegalArgumentException(
            "need noiseScale ≥ 0 and psi in [0, 1], got " + noiseScale + ", " + psi);
      }
    }

    @Override
    public String method() {
      return NAME;
    }

    /** {@code cads[0.6,0.9 s=0.25 ψ=1] cfg w=2}; {@code ψ=off} without rescale. */
    @Override
    public String label() {
      return NAME
          + "["
          + Labels.number(tau1)
          + ","
          + Labels.number(tau2)
          + " s="
          + Labels.number(noiseScale)
          + " ψ="
          + (rescale ? Labels.number(psi) : "off")
          + "] "
          + inner.label();
    }

    @Override
    public List<String> models() {
      return inner.models();
    }

    @Override
    public Double guidanceWeight() {
      return inner.guidanceWeight();
    }

    @Override
    public Denoiser denoiser(Denoiser main, Function<String, Denoiser> models) {
      return new ConditionAnnealing(
          inner.denoiser(main, models), tau1, tau2, noiseScale, psi, rescale);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "condition-annealed sampling";
  }

  @Override
  public Role role() {
    return Role.WRAPPER;
  }

  @Override
  public List<Param> params() {
    return List.of(
        Param.number("tau1", Presence.DEFAULTED, DEFAULT_TAU1, Range.UNIT, "τ1"),
        Param.number("tau2", Presence.DEFAULTED, DEFAULT_TAU2, Range.UNIT, "τ2"),
        Param.number(
            "noiseScale", Presence.DEFAULTED, DEFAULT_NOISE_SCALE, Range.NON_NEGATIVE, "s"),
        Param.number("psi", Presence.DEFAULTED, DEFAULT_PSI, Range.UNIT, "ψ"),
        Param.flag("rescale", true, ""));
  }

  @Override
  public boolean needsConditionalMain() {
    return true;
  }

  @Override
  public boolean wraps(GuidanceMethod inner) {
    return !(inner instanceof Cads);
  }

  @Override
  public List<Order> orders() {
    return List.of(Order.below("tau1", "tau2"));
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params(
        inner,
        values.number("tau1"),
        values.number("tau2"),
        values.number("noiseScale"),
        values.number("psi"),
        values.flag("rescale"));
  }
}
