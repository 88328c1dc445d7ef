package dev.guidelab.api;

import java.util.Objects;

/**
 * One problem found in a request: a spec, a query parameter or an upload.
 *
 * @param field JSON-path-like location of the offending value, e.g. {@code sweep[1].weights[2]},
 *     {@code sampler.steps}, or {@link #ROOT} for the document as a whole
 * @param message what was wrong and what is allowed, e.g. {@code must be ≥ 0, got -1}
 */
public record FieldError(String field, String message) {

  /** The field of errors about the document as a whole (does not parse, is not an object). */
  public static final String ROOT = "$";

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
