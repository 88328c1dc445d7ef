package dev.guidelab.experiment;

import java.util.Objects;

/**
 * One problem found in a submitted experiment spec.
 *
 * @param field JSON-path-like location of the offending value, e.g. {@code sweep[1].weights[2]},
 *     {@code sampler.steps}, or {@link SpecParser#ROOT} for the document as a whole
 * @param message what was wrong and what is allowed, e.g. {@code must be ≥ 0, got -1}
 */
public record FieldError(String field, String message) {

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
