package dev.guidelab.guidance.spec;

import java.util.List;

/**
 * Classifier-free guidance (Ho &amp; Salimans 2022): {@code D = D_g + w(D_m − D_g)} with the guide
 * evaluated unconditionally ({@code c = ∅}).
 *
 * @param guide id of a separate guiding model, or null to evaluate the (conditional) main model
 *     itself with the null condition
 * @param weight guidance weight w ≥ 0
 */
public record CfgParams(String guide, double weight) implements GuidanceParams {

  @Override
  public List<String> models() {
    return guide == null ? List.of() : List.of(guide);
  }

  public CfgParams {
    Labels.requireWeight(weight);
  }

  @Override
  public String method() {
    return CFG;
  }

  @Override
  public String label() {
    return Labels.weighted(CFG, weight);
  }

  @Override
  public Double guidanceWeight() {
    return weight;
  }
}
