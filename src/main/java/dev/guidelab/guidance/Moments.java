package dev.guidelab.guidance;

/** Mean and (population) standard deviation of one sample's slice of a batch. */
final class Moments {

  private Moments() {}

  /** Mean of {@code v[offset .. offset + len)}. */
  static double mean(double[] v, int offset, int len) {
    double sum = 0;
    for (int i = offset; i < offset + len; i++) {
      sum += v[i];
    }
    return sum / len;
  }

  /** Population standard deviation of {@code v[offset .. offset + len)} about {@code mean}. */
  static double std(double[] v, int offset, int len, double mean) {
    double sum = 0;
    for (int i = offset; i < offset + len; i++) {
      sum += (v[i] - mean) * (v[i] - mean);
    }
    return Math.sqrt(sum / len);
  }
}
