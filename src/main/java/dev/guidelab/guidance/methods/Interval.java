package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.GuidanceInterval;
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
 * Guidance interval (Kynkäänniemi et al. 2024, "Applying Guidance in a Limited Interval Improves
 * Sample and Distribution Quality in Diffusion Models"): the inner method inside the interval,
 * plain {@code D_m} outside ({@link GuidanceInterval}). Keyed by noise level, guided iff {@code
 * sigmaLo < σ ≤ sigmaHi} for the σ of each evaluation; or by step index as in the official EDM2
 * code, guided iff {@code stepFrom ≤ i ≤ stepTo} (both evaluations of a Heun step share the
 * decision). It wraps the methods that evaluate a guide.
 */
public final class Interval implements GuidanceMethod {

  public static final String NAME = "interval";

  /**
   * Exactly one keying is set.
   *
   * @param inner the guidance applied inside the interval (carries the weight)
   * @param sigmaLo exclusive lower σ bound, or null when keyed by steps
   * @param sigmaHi inclusive upper σ bound, or null when keyed by steps
   * @param stepFrom first guided step, or null when keyed by σ
   * @param stepTo last guided step, or null when keyed by σ
   */
  public record Params(
      GuidanceParams inner, Double sigmaLo, Double sigmaHi, Integer stepFrom, Integer stepTo)
      implements GuidanceParams {

    public Params {
      Objects.requireNonNull(inner, "inner");
      boolean bySigma = sigmaLo != null && sigmaHi != null && stepFrom == null && stepTo == null;
      boolean bySteps = sigmaLo == null && sigmaHi == null && stepFrom != null && stepTo != null;
      if (!bySigma && !bySteps) {
        throw new IllegalArgumentException(
            "an interval is keyed either by sigmaLo and sigmaHi or by stepFrom and stepTo");
      }
    }

    /** An interval keyed on noise levels {@code sigmaLo < σ ≤ sigmaHi}. */
    public static Params bySigma(GuidanceParams inner, double sigmaLo, double sigmaHi) {
      return new Params(inner, sigmaLo, sigmaHi, null, null);
    }

    /** An interval keyed on step indices {@code stepFrom ≤ i ≤ stepTo}. */
    public static Params bySteps(GuidanceParams inner, int stepFrom, int stepTo) {
      return new Params(inner, null, null, stepFrom, stepTo);
    }

    /** Whether the interval is keyed on σ (else on step indices). */
    public boolean keyedBySigma() {
      return sigmaLo != null;
    }

    @Override
    public String method() {
      return NAME;
    }

    @Override
    public String label() {
      String range =
          keyedBySigma()
              ? "[" + Labels.number(sigmaLo) + "," + Labels.number(sigmaHi) + "]"
              : "[steps " + stepFrom + ".." + stepTo + "]";
      return NAME + range + " " + inner.label();
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
      GuidanceInterval.Rule rule =
          keyedBySigma()
              ? GuidanceInterval.sigma(sigmaLo, sigmaHi)
              : GuidanceInterval.steps(stepFrom, stepTo);
      return new GuidanceInterval(main, inner.denoiser(main, models), rule);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "guidance interval";
  }

  @Override
  public Role role() {
    return Role.WRAPPER;
  }

  @Override
  public List<Param> params() {
    return List.of(
        Param.number("sigmaLo", Presence.OPTIONAL, null, Range.POSITIVE, "σ_lo > 0"),
        Param.number("sigmaHi", Presence.OPTIONAL, null, Range.POSITIVE, "σ_hi > σ_lo"),
        Param.step("stepFrom"),
        Param.step("stepTo"));
  }

  /** The methods that evaluate a guide. */
  @Override
  public boolean wraps(GuidanceMethod inner) {
    return inner.role() == Role.WEIGHTED;
  }

  @Override
  public List<Order> orders() {
    return List.of(Order.below("sigmaLo", "sigmaHi"), Order.notAbove("stepFrom", "stepTo"));
  }

  /** Exactly one keying, given completely. */
  @Override
  public void check(EntryCheck entry) {
    boolean bySigma = entry.given("sigmaLo") || entry.given("sigmaHi");
    boolean bySteps = entry.given("stepFrom") || entry.given("stepTo");
    if (!bySigma && !bySteps) {
      entry.error(
          null,
          "give the interval as sigmaLo and sigmaHi (noise levels; guided where sigmaLo < σ ≤"
              + " sigmaHi) or as stepFrom and stepTo (step indices; guided where stepFrom ≤ i ≤"
              + " stepTo)");
    } else if (bySigma && bySteps) {
      entry.error(
          entry.given("stepFrom") ? "stepFrom" : "stepTo",
          "not allowed together with sigmaLo/sigmaHi; key the interval on noise levels or on"
              + " steps, not both");
    } else if (bySigma) {
      pair(entry, "sigmaLo", "sigmaHi");
    } else {
      pair(entry, "stepFrom", "stepTo");
    }
  }

  private static void pair(EntryCheck entry, String lo, String hi) {
    if (!entry.given(lo)) {
      entry.error(lo, "required together with " + hi);
    } else if (!entry.given(hi)) {
      entry.error(hi, "required together with " + lo);
    }
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params(
        inner,
        values.number("sigmaLo"),
        values.number("sigmaHi"),
        values.step("stepFrom"),
        values.step("stepTo"));
  }
}
