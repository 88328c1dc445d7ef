package dev.guidelab.guidance.spec;

/** No guidance: {@code D = D_m}. */
public record NoneParams() implements GuidanceParams {

  @Override
  public String method() {
    return NONE;
  }

  @Override
  public String label() {
    return NONE;
  }

  @Override
  public Double guidanceWeight() {
    return null;
  }
}
