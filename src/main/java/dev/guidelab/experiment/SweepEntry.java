package dev.guidelab.experiment;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a spec's {@code sweep}: a guidance method and the weights to try it at.
 *
 * @param method guidance method, one of {@link SpecParser#METHODS}
 * @param guide guiding model id; {@code null} for {@code none}
 * @param weights guidance weights, in spec order; {@code null} for {@code none}
 */
public record SweepEntry(String method, String guide, List<Double> weights) {

  public SweepEntry {
    Objects.requireNonNull(method, "method");
    weights = weights == null ? null : List.copyOf(weights);
  }
}
