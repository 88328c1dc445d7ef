package dev.guidelab.api;

import java.util.Locale;

/**
 * Text that comes with a request, as Guidelab stores and quotes it: a string must be storable
 * (PostgreSQL's {@code text} holds no NUL character; UTF-8, which every answer and column is
 * written in, has no encoding for a lone UTF-16 surrogate), and an answer quotes at most {@value
 * #QUOTED} characters of it, never more of the input.
 */
public final class Text {

  /** The most characters (code points) of a request's own text that an answer quotes. */
  public static final int QUOTED = 80;

  private Text() {}

  /**
   * What makes {@code value} impossible to store, as a message for a {@link FieldError}, or null
   * when it can be stored: a NUL character (U+0000) or a lone UTF-16 surrogate (a high one not
   * followed by a low one, or a low one not preceded by a high one).
   */
  public static String problem(String value) {
    int position = 0; // in code points, 1-based when reported
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      position++;
      if (c == 0) {
        return "must not contain the NUL character (U+0000); found at character " + position;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // a pair: one code point
      } else if (Character.isSurrogate(c)) {
        return String.format(
            Locale.ROOT,
            "must be valid Unicode text; found a lone UTF-16 surrogate U+%04X at character %d",
            (int) c,
            position);
      }
    }
    return null;
  }

  /**
   * {@code value} as an answer may show it: at most {@code max} code points followed by "…" if
   * longer, with control characters (but line feeds and tabs) and lone surrogates written as {@code
   * \}{@code uXXXX}; {@code "null"} for null.
   */
  public static String shorten(String value, int max) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), max + 8));
    int count = 0;
    for (int i = 0; i < value.length(); i++) {
      if (count == max) {
        return out.append('…').toString();
      }
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else if (Character.isSurrogate(c)
          || (Character.isISOControl(c) && c != '\n' && c != '\t')) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
      count++;
    }
    return out.toString();
  }

  /** {@code value} shortened to {@value #QUOTED} characters, as a message shows what it got. */
  public static String echo(String value) {
    return shorten(value, QUOTED);
  }

  /** {@code 'value'}, shortened to {@value #QUOTED} characters. */
  public static String quote(String value) {
    return "'" + echo(value) + "'";
  }
}
