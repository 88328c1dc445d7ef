package dev.guidelab.metrics;

import java.util.Arrays;

/**
 * The Top-1 class histograms of generated and reference images (docs/metrics.md, "Top-N class
 * diagnostic"; Kynkäänniemi et al. 2023): counts per class of the classifier head's arg-max, and
 * their total-variation distance {@code ½ Σ_c |p_c − q_c|} ({@link ToyMetrics#TOP1_TV}) with its
 * delta-method standard error ({@link TopN#histogramDistanceStandardError}). The arrays are shared,
 * not copied; treat them as read-only.
 *
 * @param generated counts per class of the generated images, {@code [K]}
 * @param reference counts per class of the reference images, {@code [K]}
 */
public record Top1Histograms(long[] generated, long[] reference) {

  public Top1Histograms {
    if (generated.length == 0 || generated.length != reference.length) {
      throw new IllegalArgumentException(
          "histograms have " + generated.length + " and " + reference.length + " classes");
    }
  }

  /** K. */
  public int classes() {
    return generated.length;
  }

  /** Generated images counted. */
  public long n() {
    return Arrays.stream(generated).sum();
  }

  /** Reference images counted. */
  public long referenceN() {
    return Arrays.stream(reference).sum();
  }

  /** The total-variation distance, NaN before the first generated image. */
  public double distance() {
    return n() == 0 ? Double.NaN : TopN.histogramDistance(generated, reference);
  }

  /** Its standard error, NaN before the first generated image. */
  public double standardError() {
    return n() == 0 ? Double.NaN : TopN.histogramDistanceStandardError(generated, reference);
  }
}
