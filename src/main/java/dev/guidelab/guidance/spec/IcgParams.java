package dev.guidelab.guidance.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Independent condition guidance (Sadat et al. 2024, "No Training, No Problem", Eq. 6): {@code D =
 * D_g + w(D_m − D_g)} with the guide the same conditional model given a condition independent of
 * {@code x}.
 *
 * @param conditionNoise how the independent condition is drawn
 * @param weight guidance weight w ≥ 0
 */
public record IcgParams(ConditionNoise conditionNoise, double weight) implements GuidanceParams {

  /** How ICG draws its condition, per sample and evaluation, from the sample's own generator. */
  public enum ConditionNoise {
    /** A uniformly random class, one-hot. */
    @JsonProperty("random-class")
    RANDOM_CLASS("random-class"),
    /** Gaussian noise with the mean and standard deviation of the sample's condition vector. */
    @JsonProperty("gaussian")
    GAUSSIAN("gaussian");

    private final String wireName;

    ConditionNoise(String wireName) {
      this.wireName = wireName;
    }

    /** The name used in specs. */
    public String wireName() {
      return wireName;
    }

    /** The value a spec names, or null if none has that name. */
    public static ConditionNoise fromWireName(String name) {
      for (ConditionNoise c : values()) {
        if (c.wireName.equals(name)) {
          return c;
        }
      }
      return null;
    }
  }

  public IcgParams {
    Objects.requireNonNull(conditionNoise, "conditionNoise");
    Labels.requireWeight(weight);
  }

  @Override
  public String method() {
    return ICG;
  }

  @Override
  public String label() {
    return Labels.weighted(ICG + " " + conditionNoise.wireName(), weight);
  }

  @Override
  public Double guidanceWeight() {
    return weight;
  }
}
