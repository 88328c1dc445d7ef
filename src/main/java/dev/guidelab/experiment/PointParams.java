package dev.guidelab.experiment;

import java.util.Objects;

/**
 * The parameters of one point of a sweep: one guidance method at one weight.
 *
 * @param method guidance method, one of {@link SpecParser#METHODS}
 * @param guide guiding model id, or {@code null} for methods without one ({@code none})
 * @param weight guidance weight w, or {@code null} for methods without weights ({@code none})
 */
public record PointParams(String method, String guide, Double weight) {

  public PointParams {
    Objects.requireNonNull(method, "method");
  }

  /** Short human label for charts and logs: {@code none}, {@code cfg w=2}, {@code cfg w=1.5}. */
  public String label() {
    return weight == null ? method : method + " w=" + Numbers.format(weight);
  }
}
