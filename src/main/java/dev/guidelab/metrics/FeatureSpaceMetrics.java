package dev.guidelab.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Metrics of generated samples in a feature space (FID when the features are Inception-V3 pool3,
 * FD_DINOv2 with DINOv2; docs/metrics.md): the {@link Metric}s that {@linkplain Metric#appliesTo
 * apply to image models}, with the toy's definitions, k, subset sizes, blocking and error bars:
 *
 * <ul>
 *   <li>the Fréchet distances to reference statistics from streamed moments ({@link FdBlocks} with
 *       the {@linkplain FdBlocks.Rules#FEATURES feature-stream rules}): {@link Metric#FD} (ddof 1)
 *       after every batch; {@link Metric#FD_DEBIASED} with the jackknife standard error of both (B
 *       = {@value FdBlocks#BLOCKS} blocks) and, on request, {@link Metric#FD_INFINITY} with its
 *       jackknife SE once all planned samples are in — the jackknife costs B + 1 distances, seconds
 *       each at d = 2048, and FD∞ with its error bar 6,841 (2.4 h at 1.27 s each at d = 2048;
 *       seconds at d = 64);
 *   <li>on request, the k-NN, kernel and per-sample-score metrics ({@link NeighbourMetrics}) of the
 *       first 10,000 samples against the feature vectors stored with the reference ({@link
 *       ReferenceSet}), at checkpoints as the samples stream in and at the end;
 *   <li>on request, {@link Metric#TOP1_TV}: the total-variation distance between the Top-1 class
 *       histograms of the samples (their classifier-head logits, {@link #acceptLogits}) and of the
 *       reference ({@link Top1Histograms}), after every batch.
 * </ul>
 *
 * <p>The jackknife's bias correction assumes {@code FD_n ≈ FD_∞ + b/n}, which needs {@code n ≫ d}:
 * for white 2048-D features against their exact moments the plug-in FD is ≈ 108 at n = 10,000 and
 * the corrected value −3.4 with a standard error of 0.15 (docs/images.md, "Image models").
 *
 * <p>Sample k of the run (in stream order) goes to block {@code k mod B}: samples are iid given
 * their seeds, so this is a random partition, and it does not depend on the batch size. Not
 * thread-safe.
 */
public final class FeatureSpaceMetrics {

  /** Fewest reference vectors those metrics work with: k + 1 for density/coverage's k = 5 balls. */
  public static final int MIN_REFERENCE_SAMPLES = DensityCoverage.DEFAULT_K + 1;

  private final FdBlocks fd; // FD, its jackknife and FD∞ against the reference moments
  private final NeighbourMetrics neighbours;
  private final long[] referenceTop1; // [K], null unless TOP1_TV is requested
  private final long[] top1; // [K] generated counts, null unless TOP1_TV is requested

  /**
   * The metrics on by default for image models.
   *
   * @param plannedSamples samples of the run; the jackknife is computed when they are all in
   * @param reference the reference Gaussian, factored once
   */
  public FeatureSpaceMetrics(long plannedSamples, FrechetDistance.Reference reference) {
    this(plannedSamples, Metric.defaults(Metric.Domain.IMAGE), reference, null, null);
  }

  /**
   * The image models' metrics that {@code requested} names (the others stay NaN).
   *
   * @param referenceSamples the reference's feature vectors, asked for at the first k-NN checkpoint
   *     (or the first sample scored); needed when {@code requested} names a metric that {@linkplain
   *     Metric#needsReferenceSamples needs them}
   * @param referenceTop1 the reference's Top-1 class histogram, {@code [K]}; needed when {@code
   *     requested} names {@link Metric#TOP1_TV}
   */
  public FeatureSpaceMetrics(
      long plannedSamples,
      Collection<Metric> requested,
      FrechetDistance.Reference reference,
      Supplier<ReferenceSet> referenceSamples,
      long[] referenceTop1) {
    NeighbourMetrics.Wanted wanted = NeighbourMetrics.Wanted.of(requested);
    if (wanted.any() && referenceSamples == null) {
      throw new IllegalArgumentException(
          "the k-NN and kernel metrics need the reference's feature vectors");
    }
    boolean top1Wanted = requested.contains(Metric.TOP1_TV);
    if (top1Wanted && (referenceTop1 == null || referenceTop1.length == 0)) {
      throw new IllegalArgumentException("top1_tv needs the reference's Top-1 class histogram");
    }
    this.referenceTop1 = top1Wanted ? referenceTop1.clone() : null;
    this.top1 = top1Wanted ? new long[referenceTop1.length] : null;
    this.fd =
        new FdBlocks(
            reference,
            FdBlocks.Rules.FEATURES,
            plannedSamples,
            requested.contains(Metric.FD_INFINITY));
    this.neighbours = new NeighbourMetrics(plannedSamples, wanted, referenceSamples, 0);
  }

  /** Adds the features of the next samples of the stream, {@code [m, dim]} row-major. */
  public void accept(double[] features, int dim) {
    fd.accept(features, dim);
    neighbours.keep(features, dim, 0, features.length / dim);
  }

  /**
   * The per-sample realism and rarity of the first 10,000 samples if {@link Metric#REALISM} or
   * {@link Metric#RARITY} is requested (else none), each computed once, as it arrived.
   */
  public SampleScores sampleScores() {
    return neighbours.scores();
  }

  /** Whether {@link Metric#TOP1_TV} is requested, so the samples' logits are wanted. */
  public boolean top1Wanted() {
    return top1 != null;
  }

  /**
   * Counts the Top-1 classes of the next samples' classifier logits, {@code [m, K]} row-major (the
   * same samples as the features, in the same order).
   *
   * @throws IllegalStateException unless {@link #top1Wanted()}
   */
  public void acceptLogits(double[] logits) {
    if (top1 == null) {
      throw new IllegalStateException("top1_tv was not requested");
    }
    TopN.addTop1(logits, top1);
  }

  /** The generated and reference Top-1 histograms (a snapshot), if {@code top1_tv} is requested. */
  public Optional<Top1Histograms> top1() {
    return top1 == null
        ? Optional.empty()
        : Optional.of(new Top1Histograms(top1.clone(), referenceTop1));
  }

  /**
   * Writes the exact state of these metrics ({@link AccumulatorState}): what they were built for,
   * the Top-1 counts, the FD blocks ({@value FdBlocks#BLOCKS} × (2d + d(d+1)/2) doubles: 335 MB at
   * d = 2048, 47 MB at d = 768, 0.33 MB at d = 64; and up to 63 waiting samples per block, 10 MB at
   * d = 2048 as float32) and the k-NN metrics' kept features (10,000 × d as float32 when they are
   * widened float32, 82 MB at d = 2048), scores and last checkpoint.
   */
  public void save(DataOutput out) throws IOException {
    AccumulatorState.writeHeader(out, AccumulatorState.FEATURES);
    out.writeBoolean(top1 != null);
    if (top1 != null) {
      AccumulatorState.writeLongs(out, referenceTop1);
      AccumulatorState.writeLongs(out, top1);
    }
    fd.save(out);
    neighbours.save(out);
  }

  /**
   * Restores what {@link #save} wrote into these metrics, which must be fresh and built with the
   * same arguments; the samples after those then give every value bit for bit as one pass.
   *
   * @throws AccumulatorState.MismatchException if the state is of another format version or of
   *     metrics built otherwise (these are then unusable: build fresh ones)
   */
  public void restore(DataInput in) throws IOException {
    AccumulatorState.expect(fd.n() == 0, "to restore into fresh feature-space metrics");
    AccumulatorState.readHeader(in, AccumulatorState.FEATURES);
    AccumulatorState.expectBoolean(in, top1 != null, "whether top1_tv is computed");
    if (top1 != null) {
      long[] reference = new long[referenceTop1.length];
      AccumulatorState.readLongs(in, reference);
      AccumulatorState.expect(
          Arrays.equals(reference, referenceTop1), "the same reference Top-1 histogram");
      AccumulatorState.readLongs(in, top1);
    }
    fd.restore(in);
    neighbours.restore(in);
  }

  /** Samples seen. */
  public long n() {
    return fd.n();
  }

  /**
   * The image models' metrics in canonical order; NaN where undefined (FD needs n ≥ 2; the
   * jackknife and FD∞ all planned samples; the k-NN metrics 6 kept samples) or not requested.
   */
  public Map<Metric, Double> values() {
    return values(MetricClock.NONE);
  }

  /** {@link #values()}, telling {@code clock} how long each took. */
  public Map<Metric, Double> values(MetricClock clock) {
    Map<Metric, Double> v = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.allowed(Metric.Domain.IMAGE)) {
      long start = System.nanoTime();
      v.put(
          metric,
          switch (metric) {
            case TOP1_TV -> top1().map(Top1Histograms::distance).orElse(Double.NaN);
            case FD, FD_DEBIASED, FD_INFINITY -> fd.value(metric);
            default -> neighbours.value(metric);
          });
      clock.took(metric, System.nanoTime() - start);
    }
    return v;
  }

  /**
   * Standard errors of the metrics that have one, in canonical order: the delta-method SE of {@link
   * Metric#TOP1_TV}, the jackknife SE of {@link Metric#FD} (also given for the debiased value) and
   * of {@link Metric#FD_INFINITY}, NaN before all samples are in; the std of {@link Metric#KID}
   * over its subsets, the SE of {@link Metric#REALISM} and {@link Metric#RARITY}.
   */
  public Map<Metric, Double> standardErrors() {
    return standardErrors(MetricClock.NONE);
  }

  /** {@link #standardErrors()}, telling {@code clock} how long each took. */
  public Map<Metric, Double> standardErrors(MetricClock clock) {
    Map<Metric, Double> errors = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.allowed(Metric.Domain.IMAGE)) {
      if (metric.stderr().isPresent()) {
        long start = System.nanoTime();
        errors.put(
            metric,
            switch (metric) {
              case TOP1_TV -> top1().map(Top1Histograms::standardError).orElse(Double.NaN);
              case FD, FD_DEBIASED, FD_INFINITY -> fd.standardError(metric);
              default -> neighbours.standardError(metric);
            });
        clock.took(metric, System.nanoTime() - start);
      }
    }
    return errors;
  }
}
