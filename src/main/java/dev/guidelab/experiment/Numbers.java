package dev.guidelab.experiment;

import dev.guidelab.guidance.Labels;

/** Formats numbers for labels and error messages: integral values without a trailing ".0". */
final class Numbers {

  private Numbers() {}

  static String format(double value) {
    return Labels.number(value);
  }
}
