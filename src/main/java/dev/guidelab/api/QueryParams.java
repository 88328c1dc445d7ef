package dev.guidelab.api;

import java.util.List;
import java.util.Locale;

/**
 * Numbers and flags from query parameters. Resources take every query parameter as a {@code String}
 * and read it here, because JAX-RS answers an unparseable {@code @QueryParam int} with a 404 that
 * names nothing; here it is a {@link FieldError} on the parameter, collected with the request's
 * other problems into one 400. Range checks stay with the resource that knows the range. Text
 * parameters are checked for NUL characters and lone surrogates by {@link RequestTextFilter}.
 */
public final class QueryParams {

  private QueryParams() {}

  /**
   * Parameter {@code name} as an int: {@code absent} when missing or blank, else its value.
   *
   * @return null after adding an error on {@code name} to {@code errors} if it is not an integer
   */
  public static Integer integer(String name, String value, int absent, List<FieldError> errors) {
    Long parsed = parse(name, value, absent, Integer.MIN_VALUE, Integer.MAX_VALUE, errors);
    return parsed == null ? null : Math.toIntExact(parsed);
  }

  /** As {@link #integer} for a long; {@code absent} may be null (an optional parameter). */
  public static Long longInteger(String name, String value, Long absent, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    return parse(name, value, 0, Long.MIN_VALUE, Long.MAX_VALUE, errors);
  }

  /**
   * Parameter {@code name} as a flag, {@code true} or {@code false} in any case; {@code absent}
   * when missing or blank.
   *
   * @return null after adding an error on {@code name} to {@code errors} otherwise
   */
  public static Boolean flag(String name, String value, boolean absent, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        errors.add(new FieldError(name, "must be true or false, got " + Text.quote(value)));
        yield null;
      }
    };
  }

  private static Long parse(
      String name, String value, long absent, long min, long max, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    String text = value.strip();
    boolean digits = text.matches("[-+]?[0-9]+");
    try {
      long parsed = Long.parseLong(text);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Not a number, or beyond a long: reported below.
    }
    errors.add(
        new FieldError(
            name,
            (digits ? "must be an integer in " + min + ".." + max : "must be an integer")
                + ", got "
                + Text.quote(value)));
    return null;
  }
}
