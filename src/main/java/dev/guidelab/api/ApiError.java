package dev.guidelab.api;

import java.util.List;

/**
 * The body of every error response: what went wrong and, for invalid input, each offending field
 * with what is allowed.
 */
public record ApiError(String error, List<FieldError> violations) {

  public static ApiError of(String error) {
    return new ApiError(error, List.of());
  }
}
