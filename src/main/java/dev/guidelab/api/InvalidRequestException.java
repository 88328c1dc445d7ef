package dev.guidelab.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request was rejected — a spec, a query parameter, an upload; {@link #errors()} lists every
 * problem found, each with the field it is about. Answered 400.
 */
public final class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<FieldError> errors;

  public InvalidRequestException(List<FieldError> errors) {
    super(summary(errors), null, false, false);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an InvalidRequestException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** All problems, in document order; never empty. */
  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    return "invalid experiment spec ("
        + errors.size()
        + (errors.size() == 1 ? " error): " : " errors): ")
        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}
