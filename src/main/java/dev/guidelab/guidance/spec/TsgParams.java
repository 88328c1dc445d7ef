package dev.guidelab.guidance.spec;

/**
 * Time-step guidance (Sadat et al. 2024, "No Training, No Problem", Eq. 8): {@code D = D_g + w(D_m
 * − D_g)} with the guide the same model given a perturbed noise embedding {@code ê = e(σ) +
 * s·σ^α·n}, {@code n ~ N(0, 1)} fresh per evaluation and sample.
 *
 * @param scale s ≥ 0
 * @param alpha exponent α of σ
 * @param weight guidance weight w ≥ 0
 */
public record TsgParams(double scale, double alpha, double weight) implements GuidanceParams {

  public TsgParams {
    Labels.requireWeight(weight);
    if (!(scale >= 0) || Double.isInfinite(scale) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException(
          "scale must be finite and ≥ 0 and alpha finite, got " + scale + ", " + alpha);
    }
  }

  @Override
  public String method() {
    return TSG;
  }

  @Override
  public String label() {
    return Labels.weighted(
        TSG + " s=" + Labels.number(scale) + " α=" + Labels.number(alpha), weight);
  }

  @Override
  public Double guidanceWeight() {
    return weight;
  }
}
