package dev.guidelab.guidance.spec;

import java.util.List;
import java.util.Objects;

/**
 * Autoguidance (Karras et al. 2024, Eq. 2): {@code D = D_g + w(D_m − D_g)} with a smaller and/or
 * less-trained version of the main model as guide, evaluated with the same condition.
 *
 * @param guide id of the guiding model
 * @param weight guidance weight w ≥ 0
 */
public record AutoguidanceParams(String guide, double weight) implements GuidanceParams {

  @Override
  public List<String> models() {
    return List.of(guide);
  }

  public AutoguidanceParams {
    Objects.requireNonNull(guide, "guide");
    Labels.requireWeight(weight);
  }

  @Override
  public String method() {
    return AUTOGUIDANCE;
  }

  @Override
  public String label() {
    return Labels.weighted(AUTOGUIDANCE, weight);
  }

  @Override
  public Double guidanceWeight() {
    return weight;
  }
}
