package dev.guidelab.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Metrics of generated samples in a feature space (FID when the features are Inception-V3 pool3,
 * FD_DINOv2 with DINOv2; docs/metrics.md), with the toy's definitions, k, subset sizes, blocking
 * and error bars:
 *
 * <ul>
 *   <li>the Fréchet distance to reference statistics from streamed moments: {@link ToyMetrics#FD}
 *       (ddof 1) after every batch; {@link ToyMetrics#FD_DEBIASED} with the jackknife standard
 *       error of both ({@link FrechetJackknife}, B = {@value ToyMetrics#JACKKNIFE_BLOCKS} blocks)
 *       and, on request, {@link ToyMetrics#FD_INFINITY} ({@link BlockFdInfinity} over the same
 *       blocks, with its jackknife SE) once all planned samples are in — the jackknife costs B + 1
 *       distances, seconds each at d = 2048, and FD∞ with its error bar B(B−2) + 1 + B((B−1)(B−3) +
 *       1) = 6,841 (2.4 h at 1.27 s each at d = 2048; seconds at d = 64);
 *   <li>on request, the k-NN, kernel and per-sample-score metrics ({@link NeighbourMetrics}) of the
 *       first 10,000 samples against the feature vectors stored with the reference ({@link
 *       ReferenceSet}), at checkpoints as the samples stream in and at the end;
 *   <li>on request, {@link ToyMetrics#TOP1_TV}: the total-variation distance between the Top-1
 *       class histograms of the samples (their classifier-head logits, {@link #acceptLogits}) and
 *       of the reference ({@link Top1Histograms}), after every batch.
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

  /** The metrics defined in a feature space, in {@link ToyMetrics#NAMES} order. */
  public static final List<String> NAMES =
      Stream.concat(
              Stream.of(
                  ToyMetrics.TOP1_TV,
                  ToyMetrics.FD,
                  ToyMetrics.FD_DEBIASED,
                  ToyMetrics.FD_INFINITY),
              NeighbourMetrics.NAMES.stream())
          .toList();

  /** The metrics of a spec that names none: the Fréchet distances, cheap for every point. */
  public static final List<String> DEFAULT = List.of(ToyMetrics.FD, ToyMetrics.FD_DEBIASED);

  /**
   * The metrics that compare generated features with the reference's own feature vectors, so the
   * reference must have some ({@code reference_features}); the rest need its μ and Σ only.
   */
  public static final List<String> NEED_REFERENCE_SAMPLES = NeighbourMetrics.NAMES;

  /** Fewest reference vectors those metrics work with: k + 1 for density/coverage's k = 5 balls. */
  public static final int MIN_REFERENCE_SAMPLES = DensityCoverage.DEFAULT_K + 1;

  private final long plannedSamples;
  private final FrechetDistance.Reference reference;
  private final List<MomentAccumulator> blocks = new ArrayList<>(); // [B]
  private final boolean fdInfinityWanted;
  private final NeighbourMetrics neighbours;
  private final long[] referenceTop1; // [K], null unless TOP1_TV is requested
  private final long[] top1; // [K] generated counts, null unless TOP1_TV is requested
  private long n;
  private FrechetJackknife.Estimate jackknife; // at plannedSamples, computed once
  private BlockFdInfinity.Estimate fdInfinity; // at plannedSamples, computed once

  /**
   * The {@link #DEFAULT} metrics.
   *
   * @param plannedSamples samples of the run; the jackknife is computed when they are all in
   * @param reference the reference Gaussian, factored once
   */
  public FeatureSpaceMetrics(long plannedSamples, FrechetDistance.Reference reference) {
    this(plannedSamples, DEFAULT, reference, null, null);
  }

  /**
   * The metrics of {@link #NAMES} that {@code requested} names (the others stay NaN).
   *
   * @param referenceSamples the reference's feature vectors, asked for at the first k-NN
   *     checkpoint; needed when {@code requested} names one of {@link #NEED_REFERENCE_SAMPLES}
   * @param referenceTop1 the reference's Top-1 class histogram, {@code [K]}; needed when {@code
   *     requested} names {@link ToyMetrics#TOP1_TV}
   */
  public FeatureSpaceMetrics(
      long plannedSamples,
      Collection<String> requested,
      FrechetDistance.Reference reference,
      Supplier<ReferenceSet> referenceSamples,
      long[] referenceTop1) {
    NeighbourMetrics.Wanted wanted = NeighbourMetrics.Wanted.of(requested);
    if (wanted.any() && referenceSamples == null) {
      throw new IllegalArgumentException(
          "the k-NN and kernel metrics need the reference's feature vectors");
    }
    boolean top1Wanted = requested.contains(ToyMetrics.TOP1_TV);
    if (top1Wanted && (referenceTop1 == null || referenceTop1.length == 0)) {
      throw new IllegalArgumentException("top1_tv needs the reference's Top-1 class histogram");
    }
    this.referenceTop1 = top1Wanted ? referenceTop1.clone() : null;
    this.top1 = top1Wanted ? new long[referenceTop1.length] : null;
    this.plannedSamples = plannedSamples;
    this.reference = reference;
    this.fdInfinityWanted = requested.contains(ToyMetrics.FD_INFINITY);
    this.neighbours = new NeighbourMetrics(plannedSamples, wanted, referenceSamples);
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
    neighbours.keep(features, dim, 0, m);
    n += m;
    jackknife = null;
    fdInfinity = null;
  }

  /** Whether {@link ToyMetrics#TOP1_TV} is requested, so the samples' logits are wanted. */
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

  /** Samples seen. */
  public long n() {
    return n;
  }

  /**
   * {@link #NAMES} → value; NaN where undefined (FD needs n ≥ 2; the jackknife and FD∞ all planned
   * samples; the k-NN metrics 6 kept samples) or not requested.
   */
  public Map<String, Double> values() {
    MomentAccumulator moments = new MomentAccumulator(); // all blocks: d² per block, not per sample
    blocks.forEach(moments::merge);
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(ToyMetrics.TOP1_TV, top1().map(Top1Histograms::distance).orElse(Double.NaN));
    v.put(
        ToyMetrics.FD,
        n < 2 ? Double.NaN : reference.distanceTo(moments.mean(), moments.covariance(1)));
    FrechetJackknife.Estimate jack = jackknife();
    v.put(ToyMetrics.FD_DEBIASED, jack == null ? Double.NaN : jack.debiased());
    BlockFdInfinity.Estimate inf = fdInfinity();
    v.put(ToyMetrics.FD_INFINITY, inf == null ? Double.NaN : inf.value());
    neighbours.putValues(v);
    return v;
  }

  /**
   * The jackknife SE of {@link ToyMetrics#FD} (also given for the debiased value) and of {@link
   * ToyMetrics#FD_INFINITY}, NaN before all samples are in; the std of {@link ToyMetrics#KID} over
   * its subsets, the SE of {@link ToyMetrics#REALISM} and {@link ToyMetrics#RARITY}, and the
   * delta-method SE of {@link ToyMetrics#TOP1_TV}.
   */
  public Map<String, Double> standardErrors() {
    FrechetJackknife.Estimate jack = jackknife();
    double se = jack == null ? Double.NaN : jack.standardError();
    Map<String, Double> errors = new LinkedHashMap<>();
    errors.put(ToyMetrics.TOP1_TV, top1().map(Top1Histograms::standardError).orElse(Double.NaN));
    errors.put(ToyMetrics.FD, se);
    errors.put(ToyMetrics.FD_DEBIASED, se);
    BlockFdInfinity.Estimate inf = fdInfinity();
    errors.put(ToyMetrics.FD_INFINITY, inf == null ? Double.NaN : inf.standardError());
    neighbours.putStandardErrors(errors);
    return errors;
  }

  /** Whether all planned samples are in, with at least {@code perBlock} in every block. */
  private boolean complete(int perBlock) {
    return n >= plannedSamples && n >= (long) perBlock * blocks.size();
  }

  /** The jackknife once all planned samples are in (and each block has two), else null. */
  private FrechetJackknife.Estimate jackknife() {
    if (!complete(2)) {
      return null;
    }
    if (jackknife == null) {
      jackknife = FrechetJackknife.against(reference, blocks);
    }
    return jackknife;
  }

  /** FD∞ if requested, once all planned samples are in (and each block has two), else null. */
  private BlockFdInfinity.Estimate fdInfinity() {
    if (!fdInfinityWanted || !complete(2)) {
      return null;
    }
    if (fdInfinity == null) {
      fdInfinity = BlockFdInfinity.against(reference, blocks);
    }
    return fdInfinity;
  }
}
