package dev.guidelab.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Fréchet distance of generated samples to reference statistics in a feature space (FID when
 * the features are Inception-V3 pool3, FD_DINOv2 with DINOv2; spec/metrics.md, "Fréchet distance"),
 * from streamed moments: {@link ToyMetrics#FD} (ddof 1) after every batch, and {@link
 * ToyMetrics#FD_DEBIASED} with the jackknife standard error of both ({@link FrechetJackknife}, B =
 * {@value ToyMetrics#JACKKNIFE_BLOCKS} blocks) once all planned samples are in, because the
 * jackknife costs B + 1 distances, each seconds at d = 2048.
 *
 * <p>The jackknife's bias correction assumes {@code FD_n ≈ FD_∞ + b/n}, which needs {@code n ≫ d}:
 * for white 2048-D features against their exact moments the plug-in FD is ≈ 108 at n = 10,000 and
 * the corrected value −3.4 with a standard error of 0.15 (README, "Image models").
 *
 * <p>Sample k of the run (in stream order) goes to block {@code k mod B}: samples are iid given
 * their seeds, so this is a random partition, and it does not depend on the batch size. Not
 * thread-safe.
 */
public final class FeatureSpaceMetrics {

  /** The metrics defined in a feature space, in {@link ToyMetrics#NAMES} order. */
  public static final List<String> NAMES = List.of(ToyMetrics.FD, ToyMetrics.FD_DEBIASED);

  private final long plannedSamples;
  private final FrechetDistance.Reference reference;
  private final List<MomentAccumulator> blocks = new ArrayList<>(); // [B]
  private long n;
  private FrechetJackknife.Estimate jackknife; // at plannedSamples, computed once

  /**
   * @param plannedSamples samples of the run; the jackknife is computed when they are all in
   * @param reference the reference Gaussian, factored once
   */
  public FeatureSpaceMetrics(long plannedSamples, FrechetDistance.Reference reference) {
    this.plannedSamples = plannedSamples;
    this.reference = reference;
    for (int b = 0; b < ToyMetrics.JACKKNIFE_BLOCKS; b++) {
      blocks.add(new MomentAccumulator());
    }
  }

  /** Adds the features of the next samples of the stream, {@code [m, dim]} row-major. */
  public void accept(double[] features, int dim) {
    int m = features.length / dim;
    for (int i = 0; i < m; i++) {
      double[] row = Arrays.copyOfRange(features, i * dim, (i + 1) * dim);
      blocks.get((int) ((n + i) % blocks.size())).accept(row, dim);
    }
    n += m;
    jackknife = null;
  }

  /** Samples seen. */
  public long n() {
    return n;
  }

  /** {@link #NAMES} → value; NaN where undefined (FD needs n ≥ 2; the rest all planned samples). */
  public Map<String, Double> values() {
    MomentAccumulator moments = new MomentAccumulator(); // all blocks: d² per block, not per sample
    blocks.forEach(moments::merge);
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(
        ToyMetrics.FD,
        n < 2 ? Double.NaN : reference.distanceTo(moments.mean(), moments.covariance(1)));
    FrechetJackknife.Estimate jack = jackknife();
    v.put(ToyMetrics.FD_DEBIASED, jack == null ? Double.NaN : jack.debiased());
    return v;
  }

  /** The jackknife SE of {@link ToyMetrics#FD}, also given for the debiased value; NaN before. */
  public Map<String, Double> standardErrors() {
    FrechetJackknife.Estimate jack = jackknife();
    double se = jack == null ? Double.NaN : jack.standardError();
    Map<String, Double> errors = new LinkedHashMap<>();
    errors.put(ToyMetrics.FD, se);
    errors.put(ToyMetrics.FD_DEBIASED, se);
    return errors;
  }

  /** The jackknife once all planned samples are in (and each block has two), else null. */
  private FrechetJackknife.Estimate jackknife() {
    if (n < plannedSamples || n < 2L * blocks.size()) {
      return null;
    }
    if (jackknife == null) {
      jackknife = FrechetJackknife.against(reference, blocks);
    }
    return jackknife;
  }
}
