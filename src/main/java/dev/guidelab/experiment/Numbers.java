package dev.guidelab.experiment;

/** Formats numbers for labels and error messages: integral values without a trailing ".0". */
final class Numbers {

  private Numbers() {}

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
