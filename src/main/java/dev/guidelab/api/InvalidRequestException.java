package dev.guidelab.api;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A request was rejected — a spec, a query parameter, an upload; {@link #errors()} lists every
 * problem found, each with the field it is about, at most {@value #MAX_LISTED}: past that the last
 * entry says how many more there are ({@link #more}). Answered 400.
 */
public final class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The most problems listed; a spec of a megabyte could otherwise list a hundred thousand. */
  public static final int MAX_LISTED = 100;

  private final List<FieldError> errors;

  public InvalidRequestException(List<FieldError> errors) {
    super(summary(listed(errors)), null, false, false);
    this.errors = listed(errors);
  }

  /** All problems, in document order, at most {@value #MAX_LISTED}; never empty. */
  public List<FieldError> errors() {
    return errors;
  }

  /** The entry that stands for {@code count} problems found but not listed. */
  public static FieldError more(long count) {
    return new FieldError(
        FieldError.ROOT,
        "and "
            + count
            + (count == 1 ? " more problem" : " more problems")
            + " not listed (at most "
            + MAX_LISTED
            + " are); fix these first");
  }

  private static List<FieldError> listed(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an InvalidRequestException needs at least one error");
    }
    if (errors.size() <= MAX_LISTED) {
      return List.copyOf(errors);
    }
    List<FieldError> listed = new ArrayList<>(errors.subList(0, MAX_LISTED - 1));
    listed.add(more(errors.size() - (MAX_LISTED - 1)));
    return List.copyOf(listed);
  }

  private static String summary(List<FieldError> errors) {
    return "invalid experiment spec ("
        + errors.size()
        + (errors.size() == 1 ? " error): " : " errors): ")
        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}
