package dev.guidelab.guidance;

/** Formats numbers in labels and messages: integral values without a trailing ".0". */
public final class Labels {

  private Labels() {}

  /** {@code 2.0 → "2"}, {@code 1.5 → "1.5"}, {@code -0.5 → "-0.5"}. */
  public static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  public static String weighted(String prefix, double w) {
    return prefix + " w=" + number(w);
  }

  public static void requireWeight(double w) {
    if (!Double.isFinite(w) || w < 0) {
      throw new IllegalArgumentException("guidance weight w must be finite and ≥ 0, got " + w);
    }
  }
}
