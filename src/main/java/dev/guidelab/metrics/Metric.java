package dev.guidelab.metrics;

import static dev.guidelab.metrics.Metric.Better.HIGHER;
import static dev.guidelab.metrics.Metric.Better.LOWER;
import static dev.guidelab.metrics.Metric.Better.NEITHER;
import static dev.guidelab.metrics.Metric.Cost.BLOCK_FIT;
import static dev.guidelab.metrics.Metric.Cost.CHECKPOINTS;
import static dev.guidelab.metrics.Metric.Cost.STREAMED;
import static dev.guidelab.metrics.Metric.Trait.IMAGES;
import static dev.guidelab.metrics.Metric.Trait.IMAGE_DEFAULT;
import static dev.guidelab.metrics.Metric.Trait.REFERENCE_SAMPLES;
import static dev.guidelab.metrics.Metric.Trait.TOY_DEFAULT;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The metrics a spec may ask for, each declared once (docs/metrics.md): its wire name (the spec's
 * {@code metrics}, the stored and streamed keys), which models it applies to, whether it is on by
 * default, whether it needs the reference's stored feature vectors, what it costs, what its {@code
 * stderr} means and which way is better. The declaration order is the canonical order in which
 * metrics are stored and shown. The spec parser, the workers' pipelines ({@link ToyMetrics}, {@link
 * FeatureSpaceMetrics}), {@code GET /api/metrics} and the dashboard read this table.
 *
 * <p>The toy computes every metric from its 2-D samples and exact ground truth; an image model only
 * those defined in a feature network's space ({@link #appliesTo}). A spec without {@code metrics}
 * gets the cheap streamed ones ({@link #onByDefault}): for the toy all {@link Cost#STREAMED}
 * metrics but the Top-1 class diagnostic, which answers a narrower question and costs a second
 * mixture evaluation per sample; for an image model the Fréchet distances.
 */
public enum Metric {

  /** Mean {@code log p_A(x)} under the exact class-A density (float64 log-sum-exp). */
  LOG_LIKELIHOOD("log_likelihood", STREAMED, HIGHER, null, TOY_DEFAULT),

  /** Mean {@code max(log p_A(x), −10)}: robust to a few far-away samples. */
  LOG_LIKELIHOOD_CLIPPED("log_likelihood_clipped", STREAMED, HIGHER, null, TOY_DEFAULT),

  /** Share of samples with {@code log p_A(x) < −1.5932}, the contour outlining the distribution. */
  OUTLIER_FRACTION("outlier_fraction", STREAMED, LOWER, null, TOY_DEFAULT),

  /** Share of samples with {@code ‖x‖ > 3} (all true mass lies within 1.6). */
  FAR_FRACTION("far_fraction", STREAMED, LOWER, null, TOY_DEFAULT),

  /**
   * Total-variation distance {@code ½Σ_b |p̂_b − p_b|} between the branch histogram and the true
   * branch masses.
   */
  BRANCH_TV("branch_tv", STREAMED, LOWER, null, TOY_DEFAULT),

  /**
   * Branches of 127 with at least one sample (by most responsible class-A component). Neither
   * direction is better: a collapsed sample set hits few, but an over-dispersed one hits every
   * branch, more than exact samples of the same n do.
   */
  BRANCHES_HIT("branches_hit", STREAMED, NEITHER, null, TOY_DEFAULT),

  /**
   * Top-1 class histogram (docs/metrics.md, "Top-N class diagnostic"): the share of samples whose
   * exact posterior arg-max is class A, with its binomial SE {@code sqrt(p(1−p)/n)}. With two
   * classes this is the whole histogram; it should match the reference class's share, so neither
   * direction is better.
   */
  TOP1_A("top1_a", STREAMED, NEITHER, "binomial SE"),

  /**
   * Total-variation distance between the samples' Top-1 class histogram and the reference's; its SE
   * by the delta method (for the toy's two classes, that of the difference {@code top1_a − r_A}).
   * Biased up at finite n, like {@link #BRANCH_TV}. For images a second call of the feature
   * network's classifier head per image.
   */
  TOP1_TV("top1_tv", STREAMED, LOWER, "delta-method SE", IMAGES),

  /** Fréchet distance between the samples' moments (ddof 1) and the reference's. */
  FD(
      "fd",
      STREAMED,
      LOWER,
      FdBlocks.BLOCKS + "-block jackknife SE",
      IMAGES,
      TOY_DEFAULT,
      IMAGE_DEFAULT),

  /**
   * Jackknife bias-corrected FD, {@code B·FD_all − (B−1)·mean FD_(−b)} over the {@value
   * FdBlocks#BLOCKS} blocks (docs/metrics.md, "Bias"); may be slightly negative. Its error bar is
   * that of {@link #FD}. Image points compute it once all samples are in.
   */
  FD_DEBIASED(
      "fd_debiased",
      STREAMED,
      LOWER,
      FdBlocks.BLOCKS + "-block jackknife SE of fd",
      IMAGES,
      TOY_DEFAULT,
      IMAGE_DEFAULT),

  /**
   * FD∞ (Chong &amp; Forsyth 2020): intercept of {@code FD_n = a + b/n} fitted over unions of the
   * jackknife blocks, n = N/10..N ({@link BlockFdInfinity}); thousands of Fréchet distances.
   */
  FD_INFINITY("fd_infinity", BLOCK_FIT, LOWER, "delete-one-block jackknife SE", IMAGES),

  /** Improved precision ({@code k = 3}, {@code ≤}) against the reference's samples. */
  PRECISION("precision", CHECKPOINTS, HIGHER, null, IMAGES, REFERENCE_SAMPLES),

  /** Improved recall ({@code k = 3}, {@code ≤}) against the reference's samples. */
  RECALL("recall", CHECKPOINTS, HIGHER, null, IMAGES, REFERENCE_SAMPLES),

  /** Density (Naeem et al. 2020, {@code k = 5}, strict {@code <}). */
  DENSITY("density", CHECKPOINTS, HIGHER, null, IMAGES, REFERENCE_SAMPLES),

  /** Coverage (Naeem et al. 2020, {@code k = 5}, strict {@code <}). */
  COVERAGE("coverage", CHECKPOINTS, HIGHER, null, IMAGES, REFERENCE_SAMPLES),

  /** KID: unbiased MMD², cubic kernel, mean over 100 subsets of {@code min(n, N, 1000)}. */
  KID("kid", CHECKPOINTS, LOWER, "std over KID subsets", IMAGES, REFERENCE_SAMPLES),

  /**
   * Median realism score (Kynkäänniemi et al. 2019, k = 3) of the first 10,000 samples; ≥ 1 means
   * more than half lie inside a retained reference ball. Higher is more typical of the reference,
   * as higher precision is.
   */
  REALISM(
      "realism", CHECKPOINTS, HIGHER, "SE of the median from its rank", IMAGES, REFERENCE_SAMPLES),

  /**
   * Mean rarity score (Han et al. 2022, k = 3) of those of the first 10,000 samples that lie in
   * some reference ball. Larger = samples in sparser regions of the reference, which is neither
   * better nor worse.
   */
  RARITY(
      "rarity", CHECKPOINTS, NEITHER, "s/√m over samples in some ball", IMAGES, REFERENCE_SAMPLES);

  /** The models a metric is computed for. */
  public enum Domain {
    /** The 2-D toy, against its exact ground truth. */
    TOY,
    /** Image models, in a feature network's space. */
    IMAGE
  }

  /** What a metric costs a point. */
  public enum Cost {
    /**
     * Sums, counts, moments or histograms updated with every sample: a few operations per sample
     * (per feature vector), published after every batch.
     */
    STREAMED,
    /**
     * Fitted over the jackknife blocks' moments: thousands of Fréchet distances, seconds per point
     * in 2-D and hours at d = 2048.
     */
    BLOCK_FIT,
    /**
     * Recomputed from the first 10,000 samples against the reference's samples at checkpoints (when
     * the kept set has grown by half, and when it is complete): seconds per point.
     */
    CHECKPOINTS
  }

  /** Which way a metric improves. */
  public enum Better {
    HIGHER,
    LOWER,
    /** A diagnostic to compare with the reference's value, not to maximise or minimise. */
    NEITHER
  }

  /** Declared properties, so each constant lists only what applies. */
  enum Trait {
    /** Defined in a feature space, so image models may ask for it. */
    IMAGES,
    /** On by default for the toy. */
    TOY_DEFAULT,
    /** On by default for image models. */
    IMAGE_DEFAULT,
    /** Needs the reference's own samples (feature vectors), not only its moments. */
    REFERENCE_SAMPLES
  }

  private static final Map<String, Metric> BY_WIRE_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(m -> m.wire, Function.identity()));

  private final String wire;
  private final Cost cost;
  private final Better better;
  private final String stderr;

  @SuppressWarnings("ImmutableEnumChecker") // an unmodifiable EnumSet, set once
  private final Set<Trait> traits;

  Metric(String wire, Cost cost, Better better, String stderr, Trait... traits) {
    this.wire = wire;
    this.cost = cost;
    this.better = better;
    this.stderr = stderr;
    this.traits =
        Collections.unmodifiableSet(
            traits.length == 0 ? EnumSet.noneOf(Trait.class) : EnumSet.of(traits[0], traits));
  }

  /** The name in specs, stored values and events, e.g. {@code fd_debiased}. */
  @JsonValue
  public String wireName() {
    return wire;
  }

  /** Whether {@code kind}'s points compute it (the toy computes every metric). */
  public boolean appliesTo(Domain kind) {
    return kind == Domain.TOY || traits.contains(IMAGES);
  }

  /** Whether a spec of a {@code kind} model that names no metrics gets it. */
  public boolean onByDefault(Domain kind) {
    return traits.contains(kind == Domain.TOY ? TOY_DEFAULT : IMAGE_DEFAULT);
  }

  /**
   * Whether it compares samples with the reference's own samples (the k-NN, kernel and per-sample
   * score metrics), so an image reference must have stored feature vectors; the others need the
   * reference's moments (or class histogram) only.
   */
  public boolean needsReferenceSamples() {
    return traits.contains(REFERENCE_SAMPLES);
  }

  public Cost cost() {
    return cost;
  }

  public Better better() {
    return better;
  }

  /** What its standard error is, as a short phrase; empty when it reports none. */
  public Optional<String> stderr() {
    return Optional.ofNullable(stderr);
  }

  /** The wire name. */
  @Override
  public String toString() {
    return wire;
  }

  /** The metric with wire name {@code name}, if there is one. */
  /**
   * The metric named {@code name}, as JSON names it.
   *
   * @throws IllegalArgumentException if none is
   */
  @JsonCreator
  public static Metric fromWireName(String name) {
    return byWireName(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown metric " + name));
  }

  public static Optional<Metric> byWireName(String name) {
    return Optional.ofNullable(name).map(BY_WIRE_NAME::get);
  }

  /**
   * The metrics of wire names {@code names}, in their order.
   *
   * @throws IllegalArgumentException for a name that is not a metric's
   */
  public static List<Metric> named(Collection<String> names) {
    return names.stream()
        .map(
            name ->
                byWireName(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown metric " + name)))
        .toList();
  }

  /** The metrics {@code kind}'s points compute, in canonical order. */
  public static List<Metric> allowed(Domain kind) {
    return Arrays.stream(values()).filter(m -> m.appliesTo(kind)).toList();
  }

  /** The metrics of a {@code kind} spec that names none, in canonical order. */
  public static List<Metric> defaults(Domain kind) {
    return Arrays.stream(values()).filter(m -> m.onByDefault(kind)).toList();
  }

  /** The wire names of {@code metrics}, in their order. */
  public static List<String> wireNames(Collection<Metric> metrics) {
    return metrics.stream().map(Metric::wireName).toList();
  }
}
