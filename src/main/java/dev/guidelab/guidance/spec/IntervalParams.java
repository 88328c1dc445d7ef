package dev.guidelab.guidance.spec;

import java.util.List;
import java.util.Objects;

/**
 * Guidance interval (Kynkäänniemi et al. 2024): the inner method inside the interval, plain {@code
 * D_m} outside. Exactly one keying is set: by noise level, guided iff {@code sigmaLo < σ ≤ sigmaHi}
 * for the σ of each evaluation; or by step index as in the official EDM2 code, guided iff {@code
 * stepFrom ≤ i ≤ stepTo} (both evaluations of a Heun step share the decision).
 *
 * @param inner the guidance applied inside the interval (carries the weight)
 * @param sigmaLo exclusive lower σ bound, or null when keyed by steps
 * @param sigmaHi inclusive upper σ bound, or null when keyed by steps
 * @param stepFrom first guided step, or null when keyed by σ
 * @param stepTo last guided step, or null when keyed by σ
 */
public record IntervalParams(
    GuidanceParams inner, Double sigmaLo, Double sigmaHi, Integer stepFrom, Integer stepTo)
    implements GuidanceParams {

  @Override
  public List<String> models() {
    return inner.models();
  }

  public IntervalParams {
    Objects.requireNonNull(inner, "inner");
    boolean bySigma = sigmaLo != null && sigmaHi != null && stepFrom == null && stepTo == null;
    boolean bySteps = sigmaLo == null && sigmaHi == null && stepFrom != null && stepTo != null;
    if (!bySigma && !bySteps) {
      throw new IllegalArgumentException(
          "an interval is keyed either by sigmaLo and sigmaHi or by stepFrom and stepTo");
    }
  }

  /** An interval keyed on noise levels {@code sigmaLo < σ ≤ sigmaHi}. */
  public static IntervalParams bySigma(GuidanceParams inner, double sigmaLo, double sigmaHi) {
    return new IntervalParams(inner, sigmaLo, sigmaHi, null, null);
  }

  /** An interval keyed on step indices {@code stepFrom ≤ i ≤ stepTo}. */
  public static IntervalParams bySteps(GuidanceParams inner, int stepFrom, int stepTo) {
    return new IntervalParams(inner, null, null, stepFrom, stepTo);
  }

  /** Whether the interval is keyed on σ (else on step indices). */
  public boolean keyedBySigma() {
    return sigmaLo != null;
  }

  @Override
  public String method() {
    return INTERVAL;
  }

  @Override
  public String label() {
    String range =
        keyedBySigma()
            ? "[" + Labels.number(sigmaLo) + "," + Labels.number(sigmaHi) + "]"
            : "[steps " + stepFrom + ".." + stepTo + "]";
    return INTERVAL + range + " " + inner.label();
  }

  @Override
  public Double guidanceWeight() {
    return inner.guidanceWeight();
  }
}
