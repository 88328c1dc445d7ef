package dev.guidelab.api;

import java.util.Objects;

/**
 * One problem found in a request: a spec, a query parameter or an upload.
 *
 * <p>Both parts are bounded, so an answer never grows with its request: the field is cut to {@value
 * #MAX_FIELD} characters and the message to {@value #MAX_MESSAGE} (with "…"), control characters
 * and lone surrogates written as {@code \}{@code uXXXX} ({@link Text#shorten}).
 *
 * @param field JSON-path-like location of the offending value, e.g. {@code sweep[1].weights[2]},
 *     {@code sampler.steps}, or {@link #ROOT} for the document as a whole
 * @param message what was wrong and what is allowed, e.g. {@code must be ≥ 0, got -1}
 */
public record FieldError(String field, String message) {

  /** The field of errors about the document as a whole (does not parse, is not an object). */
  public static final String ROOT = "$";

  /** The most characters of a field. */
  public static final int MAX_FIELD = 200;

  /** The most characters of a message. */
  public static final int MAX_MESSAGE = 2000;

  public FieldError {
    field = Text.shorten(Objects.requireNonNull(field, "field"), MAX_FIELD);
    message = Text.shorten(Objects.requireNonNull(message, "message"), MAX_MESSAGE);
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
