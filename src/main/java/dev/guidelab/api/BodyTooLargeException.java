package dev.guidelab.api;

import java.util.List;
import java.util.Locale;

/**
 * A request body is larger than its limit. Answered {@code 413} with an {@link ApiError} that says
 * the limit: {@code {"error": "request body too large: at most 1 MiB (1048576 bytes) for a spec",
 * "violations": [{"field": "$", "message": "at most 1048576 bytes, got 4194304"}]}}.
 */
public final class BodyTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final long limit;
  private final long size;

  /**
   * @param field the field the body is: {@link FieldError#ROOT} for a spec, {@code file} for an
   *     upload
   * @param what what the body is, e.g. "a spec"
   * @param limit the most bytes allowed
   * @param size the body's size when known (its {@code Content-Length}), else -1 (more than {@code
   *     limit} were read)
   */
  public BodyTooLargeException(String field, String what, long limit, long size) {
    super("request body too large: at most " + bytes(limit) + " for " + what, null, false, false);
    this.field = field;
    this.limit = limit;
    this.size = size;
  }

  /** The answer's body. */
  public ApiError body() {
    return new ApiError(
        getMessage(),
        List.of(
            new FieldError(
                field,
                "at most "
                    + limit
                    + " bytes, got "
                    + (size < 0 ? "more" : Long.toString(size))
                    + (size < 0 ? "" : " bytes"))));
  }

  /** {@code 1 MiB (1048576 bytes)}; whole KiB, MiB or GiB when the count is one. */
  public static String bytes(long count) {
    String[] units = {"GiB", "MiB", "KiB"};
    int[] shifts = {30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (count >= unit && count % unit == 0) {
        return String.format(Locale.ROOT, "%d %s (%d bytes)", count / unit, units[i], count);
      }
    }
    return count + " bytes";
  }
}
