package dev.guidelab.toynet;

/**
 * EDM2's power-function EMA (Karras et al. 2024; docs/sampling-and-guidance.md §4): profile {@code
 * p_t(τ) = (γ+1)τ^γ/t^{γ+1}} of relative width {@code σ_rel = √((γ+1)/((γ+2)²(γ+3)))}, tracked
 * during training by {@code θ̂ ← β·θ̂ + (1−β)·θ} with {@code β_t = (1 − 1/t)^{γ+1}}.
 */
public final class PowerFunctionEma {

  /** Largest representable width, at γ = 0: {@code √(1/12)}. */
  public static final double MAX_SIGMA_REL = Math.sqrt(1.0 / 12);

  private PowerFunctionEma() {}

  /** {@code σ_rel(γ) = √((γ+1)/((γ+2)²(γ+3)))}. */
  public static double sigmaRel(double gamma) {
    return Math.sqrt((gamma + 1) / ((gamma + 2) * (gamma + 2) * (gamma + 3)));
  }

  /**
   * The exponent γ ≥ 0 of width {@code σ_rel}: the largest real root of {@code γ³ + 7γ² + (16 − t)γ
   * + (12 − t) = 0}, {@code t = σ_rel⁻²} (EDM2's {@code std_to_exp}), by bisection to full double
   * precision.
   */
  public static double gamma(double sigmaRel) {
    if (!(sigmaRel > 0 && sigmaRel < MAX_SIGMA_REL)) {
      throw new IllegalArgumentException(
          "EMA sigma_rel must lie in (0, " + MAX_SIGMA_REL + "), got " + sigmaRel);
    }
    double t = 1 / (sigmaRel * sigmaRel);
    // The cubic is negative at γ = 0 (t > 12) and positive at γ = t, increasing in between.
    double lo = 0;
    double hi = t;
    for (int i = 0; i < 200 && lo < hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid == lo || mid == hi) {
        break;
      }
      double f = ((mid + 7) * mid + 16 - t) * mid + 12 - t;
      if (f < 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /**
   * {@code β = (1 − 1/t)^{γ+1}} after training iteration {@code iteration} (0-based), {@code t =
   * iteration + 1}; {@code β = 0} at the first iteration, so the average starts at θ.
   */
  public static double beta(long iteration, double gamma) {
    return Math.pow(1 - 1.0 / (iteration + 1), gamma + 1);
  }
}
