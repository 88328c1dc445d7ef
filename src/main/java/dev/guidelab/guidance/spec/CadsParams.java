package dev.guidelab.guidance.spec;

import java.util.List;
import java.util.Objects;

/**
 * Condition-annealed sampling (Sadat et al. 2024, CADS, Eqs. 2–5; docs/sampling-and-guidance.md §2
 * CADS): anneals the condition fed to the network(s) of the inner method with the schedule {@code
 * γ(t)}, {@code t = 1 − i/N}.
 *
 * @param inner the guidance whose evaluations see the annealed condition (carries the weight)
 * @param tau1 γ = 1 for {@code t ≤ τ1}
 * @param tau2 γ = 0 for {@code t ≥ τ2}
 * @param noiseScale s ≥ 0, the scale of the condition noise
 * @param psi ψ in [0, 1], the mixing factor of the rescaled condition; unused without rescale
 * @param rescale whether to rescale the noisy condition to the mean and std of the clean one
 */
public record CadsParams(
    GuidanceParams inner, double tau1, double tau2, double noiseScale, double psi, boolean rescale)
    implements GuidanceParams {

  @Override
  public List<String> models() {
    return inner.models();
  }

  public static final double DEFAULT_TAU1 = 0.6;
  public static final double DEFAULT_TAU2 = 0.9;
  public static final double DEFAULT_NOISE_SCALE = 0.25;
  public static final double DEFAULT_PSI = 1;

  public CadsParams {
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
    return CADS;
  }

  /** {@code cads[0.6,0.9 s=0.25 ψ=1] cfg w=2}; {@code ψ=off} without rescale. */
  @Override
  public String label() {
    return CADS
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
  public Double guidanceWeight() {
    return inner.guidanceWeight();
  }
}
