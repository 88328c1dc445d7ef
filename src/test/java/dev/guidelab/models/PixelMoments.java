package dev.guidelab.models;

/**
 * Per-pixel sample moments of sampled images against an analytic mean: the oracle of the Gaussian
 * image fixtures.
 *
 * @param samples {@code [n, dim]} row-major
 * @param dim values per image
 */
record PixelMoments(double[] samples, int dim) {

  /** Number of images. */
  int n() {
    return samples.length / dim;
  }

  double[] mean() {
    double[] mean = new double[dim];
    for (int i = 0; i < samples.length; i++) {
      mean[i % dim] += samples[i] / n();
    }
    return mean;
  }

  /**
   * Mean over pixels of z² with z = (x̄ − μ)/(s/√n); ≈ 1 for images with mean μ and standard
   * deviation s per pixel (the mean of 768 χ²₁ values: SE √(2/768) ≈ 0.05).
   */
  double meanChiSquare(double[] mu, double s) {
    double[] mean = mean();
    double sum = 0;
    for (int j = 0; j < dim; j++) {
      double z = (mean[j] - mu[j]) / (s / Math.sqrt(n()));
      sum += z * z;
    }
    return sum / dim;
  }

  /**
   * As {@link #meanChiSquare(double[], double)} with each pixel's own sample standard deviation,
   * for images whose spread is not known analytically (guidance that draws random conditions).
   */
  double meanChiSquare(double[] mu) {
    double[] mean = mean();
    double[] variance = variance(mean);
    double sum = 0;
    for (int j = 0; j < dim; j++) {
      double d = mean[j] - mu[j];
      sum += d * d / (variance[j] / n());
    }
    return sum / dim;
  }

  /** Largest |z| over pixels, z as in {@link #meanChiSquare(double[], double)}. */
  double maxAbsZ(double[] mu, double s) {
    double[] mean = mean();
    double max = 0;
    for (int j = 0; j < dim; j++) {
      max = Math.max(max, Math.abs(mean[j] - mu[j]) / (s / Math.sqrt(n())));
    }
    return max;
  }

  /** Mean over pixels of the sample variance (ddof 1) over s². */
  double varianceRatio(double s) {
    double sum = 0;
    for (double v : variance(mean())) {
      sum += v;
    }
    return sum / dim / (s * s);
  }

  /** Each pixel's sample variance (ddof 1). */
  private double[] variance(double[] mean) {
    double[] variance = new double[dim];
    for (int i = 0; i < samples.length; i++) {
      double d = samples[i] - mean[i % dim];
      variance[i % dim] += d * d / (n() - 1.0);
    }
    return variance;
  }
}
