package dev.guidelab.guidance.spec;

import java.util.List;

/**
 * Adaptive projected guidance (Sadat et al. 2025, Algorithm 1; docs/sampling-and-guidance.md §2
 * APG): the CFG update {@code Δ = D_m − D_g} with momentum β, norm threshold r, and its component
 * parallel to {@code D_m} scaled by η. With {@code η = 1, r = 0, β = 0} it is CFG.
 *
 * @param guide id of a separate unconditional guiding model, or null for the main model with the
 *     null condition (as {@link CfgParams})
 * @param eta scale η of the parallel component; the paper recommends 0
 * @param normThreshold r ≥ 0; 0 turns the rescaling off
 * @param momentum β in (−1, 1); 0 turns the momentum off
 * @param weight guidance weight w ≥ 0
 */
public record ApgParams(
    String guide, double eta, double normThreshold, double momentum, double weight)
    implements GuidanceParams {

  @Override
  public List<String> models() {
    return guide == null ? List.of() : List.of(guide);
  }

  public ApgParams {
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
    return APG;
  }

  /** {@code apg η=0 w=4}; r and β appear only when they are on. */
  @Override
  public String label() {
    StringBuilder s = new StringBuilder(APG).append(" η=").append(Labels.number(eta));
    if (normThreshold > 0) {
      s.append(" r=").append(Labels.number(normThreshold));
    }
    if (momentum != 0) {
      s.append(" β=").append(Labels.number(momentum));
    }
    return Labels.weighted(s.toString(), weight);
  }

  @Override
  public Double guidanceWeight() {
    return weight;
  }
}
