package dev.guidelab.metrics;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyClassifier;
import dev.guidelab.toy.ToyGroundTruth;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Class-A metrics of 2-D toy samples against the exact ground truth (docs/toy.md, "Toy metric
 * definitions"; docs/metrics.md, "Toy"), every {@link Metric} in canonical order, kept as streamed
 * sufficient statistics — sums, counts, a branch histogram and {@link MomentAccumulator}s — so
 * accumulators of batches and workers merge by addition. Not thread-safe; give each thread its own
 * and {@link #merge}.
 *
 * <p><b>Fréchet distances.</b> {@link FdBlocks} with the toy's {@linkplain FdBlocks.Rules#TOY
 * rules}: each sample also goes to one of {@value FdBlocks#BLOCKS} moment blocks chosen by a hash
 * of its coordinates (a random partition of iid samples that does not depend on batch order, so
 * merged accumulators equal one pass exactly), and the jackknife ({@link Metric#FD_DEBIASED} and
 * the SE in {@link #standardErrors()}) is computed as soon as every block has a sample.
 *
 * <p><b>Metrics computed on request</b> (those not {@linkplain Metric#onByDefault on by default}):
 * {@link Metric#FD_INFINITY} from the same blocks; the k-NN, kernel and per-sample-score metrics on
 * the first 10,000 samples against 10,000 exact class-A samples, recomputed at checkpoints ({@link
 * NeighbourMetrics}); the Top-1 class diagnostic ({@link Metric#TOP1_A}, {@link Metric#TOP1_TV}),
 * streamed like the default set but an extra class-B mixture evaluation per sample and only
 * informative when class histograms are in question.
 *
 * <p><b>Per-sample scores.</b> The first samples' realism and rarity ({@link #sampleScores()}) are
 * computed once per sample: for the first 10,000 when {@link Metric#REALISM} or {@link
 * Metric#RARITY} is requested, and for as many as the caller shows (a preview) in any case.
 */
public final class ToyMetrics {

  /** The exact moments of class A, the default reference of {@link Metric#FD}. */
  public static final FrechetDistance.Reference CLASS_A = ClassAMoments.REFERENCE;

  /** Generated samples kept for the k-NN and kernel metrics (the first ones seen). */
  public static final int KNN_SAMPLES = 10_000;

  /** Seed of the KID subset draw. */
  public static final long KID_SEED = 1;

  /** Outlier level: {@code max_k log p_A(μ_k) − 4.4944 = 2.90122 − 4.4944} (docs/toy.md). */
  public static final double OUTLIER_LOG_DENSITY = -1.5932;

  /** Floor of the clipped log-likelihood. */
  public static final double LOG_DENSITY_FLOOR = -10;

  /** Radius beyond which a sample counts as far away. */
  public static final double FAR_RADIUS = 3;

  private static final int DIM = 2;

  private final ToyGroundTruth truth;
  private final GaussianMixture classA;
  private long n;
  private double sumLogP; // Σ log p_A(x)
  private double sumClippedLogP; // Σ max(log p_A(x), −10)
  private long outliers;
  private long far;
  private final long[] branchCounts; // [127]
  private final FdBlocks fd; // FD, its jackknife and FD∞ against the reference moments
  private final NeighbourMetrics neighbours; // first 10k samples, k-NN/kernel/scores
  private final GaussianMixture classB; // null unless the Top-1 metrics are requested
  private final ToyTop1Reference.Share top1Reference; // r_A of the reference class
  private long top1A; // samples whose top-1 class is A
  private long top1Undefined; // samples without a posterior (NaN, or both densities 0)

  /** An empty accumulator computing every metric, final k-NN checkpoint at 10,000. */
  public ToyMetrics() {
    this(KNN_SAMPLES);
  }

  /**
   * An empty accumulator computing every metric for a run of {@code plannedSamples}: the k-NN
   * metrics are also computed when that many (at most 10,000) samples have been seen, so a run's
   * final values are exact.
   */
  public ToyMetrics(long plannedSamples) {
    this(plannedSamples, Metric.allowed(Metric.Domain.TOY), CLASS_A, ToyClass.A);
  }

  /**
   * As {@link #ToyMetrics(long)}, computing the metrics that are not on by default only if {@code
   * requested} names them (the others stay NaN; they cost seconds per run), with {@link Metric#FD}
   * and {@link Metric#FD_INFINITY} measured against {@code fdReference} and {@link Metric#TOP1_TV}
   * against the Top-1 histogram of class {@code top1Reference}.
   */
  public ToyMetrics(
      long plannedSamples,
      Collection<Metric> requested,
      FrechetDistance.Reference fdReference,
      ToyClass top1Reference) {
    this(plannedSamples, requested, fdReference, top1Reference, 0);
  }

  /**
   * As above, also scoring at least the first {@code scoredSamples} samples (at most 10,000) one by
   * one ({@link #sampleScores()}), e.g. those a preview shows.
   */
  public ToyMetrics(
      long plannedSamples,
      Collection<Metric> requested,
      FrechetDistance.Reference fdReference,
      ToyClass top1Reference,
      int scoredSamples) {
    boolean top1Wanted = requested.contains(Metric.TOP1_A) || requested.contains(Metric.TOP1_TV);
    this.classB = top1Wanted ? ToyGroundTruth.get().mixture(ToyClass.B) : null;
    this.top1Reference = ToyTop1Reference.classifiedA(top1Reference);
    this.fd =
        new FdBlocks(
            fdReference,
            FdBlocks.Rules.TOY,
            plannedSamples,
            requested.contains(Metric.FD_INFINITY));
    this.neighbours =
        new NeighbourMetrics(
            plannedSamples,
            NeighbourMetrics.Wanted.of(requested),
            ToyReferenceSamples::get,
            scoredSamples);
    truth = ToyGroundTruth.get();
    classA = truth.mixture(ToyClass.A);
    branchCounts = new long[truth.branchCountA()];
  }

  /** Adds a batch of samples, {@code [m, 2]} row-major. */
  public void accept(double[] samples) {
    if (samples.length % DIM != 0) {
      throw new IllegalArgumentException(
          "toy samples must be [m, 2], got " + samples.length + " values");
    }
    // log p_A(x) at σ = 0, [m].
    double[] logP = classA.logDensities(samples);
    // Top-1 class by the exact posterior, from log p_A and log p_B.
    if (classB != null) {
      double[] logPB = classB.logDensities(samples); // [m]
      for (int i = 0; i < logP.length; i++) {
        double odds = ToyClassifier.get().logOdds(logP[i], logPB[i]);
        if (Double.isNaN(odds)) {
          top1Undefined++;
        } else if (ToyClassifier.top1(odds) == ToyClass.A) {
          top1A++;
        }
      }
    }
    for (int i = 0; i < logP.length; i++) {
      double x0 = samples[DIM * i];
      double x1 = samples[DIM * i + 1];
      // Likelihood, clipped likelihood, outliers, far samples.
      sumLogP += logP[i];
      sumClippedLogP += Math.max(logP[i], LOG_DENSITY_FLOOR);
      if (logP[i] < OUTLIER_LOG_DENSITY) {
        outliers++;
      }
      if (Math.hypot(x0, x1) > FAR_RADIUS) {
        far++;
      }
      // Branch of the most responsible class-A component.
      branchCounts[truth.branchOfA(classA.mostResponsibleComponent(x0, x1))]++;
    }
    fd.accept(samples, DIM);
    neighbours.keep(samples, DIM, 0, samples.length / DIM);
    n += logP.length;
  }

  /** Adds everything {@code other} has seen. */
  public void merge(ToyMetrics other) {
    n += other.n;
    sumLogP += other.sumLogP;
    sumClippedLogP += other.sumClippedLogP;
    outliers += other.outliers;
    far += other.far;
    top1A += other.top1A;
    top1Undefined += other.top1Undefined;
    for (int b = 0; b < branchCounts.length; b++) {
      branchCounts[b] += other.branchCounts[b];
    }
    fd.merge(other.fd);
    neighbours.merge(other.neighbours);
  }

  /**
   * Writes the exact state of this accumulator ({@link AccumulatorState}): what it was built for,
   * its sums and counts, the branch histogram, the Top-1 counts, the FD blocks and the k-NN
   * metrics' kept samples, scores and last checkpoint. A few hundred kB at most (the kept 10,000
   * samples and their scores).
   */
  public void save(DataOutput out) throws IOException {
    AccumulatorState.writeHeader(out, AccumulatorState.TOY);
    out.writeBoolean(classB != null);
    AccumulatorState.writeDouble(out, top1Reference.value());
    out.writeLong(n);
    AccumulatorState.writeDouble(out, sumLogP);
    AccumulatorState.writeDouble(out, sumClippedLogP);
    out.writeLong(outliers);
    out.writeLong(far);
    AccumulatorState.writeLongs(out, branchCounts);
    out.writeLong(top1A);
    out.writeLong(top1Undefined);
    fd.save(out);
    neighbours.save(out);
  }

  /**
   * Restores what {@link #save} wrote into this accumulator, which must be fresh and built with the
   * same arguments; the samples after those then give every value bit for bit as one pass.
   *
   * @throws AccumulatorState.MismatchException if the state is of another format version or of an
   *     accumulator built otherwise (this one is then unusable: build a fresh one)
   */
  public void restore(DataInput in) throws IOException {
    AccumulatorState.expect(n == 0, "to restore into a fresh toy accumulator");
    AccumulatorState.readHeader(in, AccumulatorState.TOY);
    AccumulatorState.expectBoolean(in, classB != null, "whether the Top-1 metrics are computed");
    AccumulatorState.expect(
        AccumulatorState.readDouble(in) == top1Reference.value(), "the same Top-1 reference");
    long count = in.readLong();
    sumLogP = AccumulatorState.readDouble(in);
    sumClippedLogP = AccumulatorState.readDouble(in);
    outliers = in.readLong();
    far = in.readLong();
    AccumulatorState.readLongs(in, branchCounts);
    top1A = in.readLong();
    top1Undefined = in.readLong();
    fd.restore(in);
    AccumulatorState.expect(fd.n() == count, count + " samples in the FD blocks");
    neighbours.restore(in);
    n = count;
  }

  /** Number of samples seen. */
  public long n() {
    return n;
  }

  /**
   * The per-sample realism and rarity of the first samples: the first 10,000 when {@link
   * Metric#REALISM} or {@link Metric#RARITY} is requested, else the first {@code scoredSamples}.
   */
  public SampleScores sampleScores() {
    return neighbours.scores();
  }

  /**
   * Every metric, in canonical order; NaN where undefined (no samples; FD needs n ≥ 2; the
   * jackknife a sample in every block, FD∞ two; the k-NN metrics 6 kept samples) or not requested.
   * k-NN, kernel and score metrics as of the last checkpoint ({@link NeighbourMetrics}).
   */
  public Map<Metric, Double> values() {
    return values(MetricClock.NONE);
  }

  /** {@link #values()}, telling {@code clock} how long each took. */
  public Map<Metric, Double> values(MetricClock clock) {
    Map<Metric, Double> v = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.allowed(Metric.Domain.TOY)) {
      long start = System.nanoTime();
      v.put(metric, value(metric));
      clock.took(metric, System.nanoTime() - start);
    }
    return v;
  }

  /**
   * Standard errors of the metrics that have one ({@link Metric#stderr()}), in canonical order: the
   * binomial SE of {@link Metric#TOP1_A} and the SE of the difference behind {@link
   * Metric#TOP1_TV}, the jackknife SE of {@link Metric#FD} (also given for {@link
   * Metric#FD_DEBIASED}) and of {@link Metric#FD_INFINITY}, the std of {@link Metric#KID} over its
   * subsets, the SE of the median {@link Metric#REALISM} and of the mean {@link Metric#RARITY}; NaN
   * where undefined.
   */
  public Map<Metric, Double> standardErrors() {
    return standardErrors(MetricClock.NONE);
  }

  /** {@link #standardErrors()}, telling {@code clock} how long each took. */
  public Map<Metric, Double> standardErrors(MetricClock clock) {
    Map<Metric, Double> se = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.allowed(Metric.Domain.TOY)) {
      if (metric.stderr().isPresent()) {
        long start = System.nanoTime();
        se.put(metric, standardError(metric));
        clock.took(metric, System.nanoTime() - start);
      }
    }
    return se;
  }

  private double value(Metric metric) {
    return switch (metric) {
      case LOG_LIKELIHOOD -> n == 0 ? Double.NaN : sumLogP / n;
      case LOG_LIKELIHOOD_CLIPPED -> n == 0 ? Double.NaN : sumClippedLogP / n;
      case OUTLIER_FRACTION -> n == 0 ? Double.NaN : (double) outliers / n;
      case FAR_FRACTION -> n == 0 ? Double.NaN : (double) far / n;
      case BRANCH_TV -> n == 0 ? Double.NaN : branchTv();
      case BRANCHES_HIT -> branchesHit();
      case TOP1_A -> top1Share();
      case TOP1_TV -> Math.abs(top1Share() - top1Reference.value());
      case FD, FD_DEBIASED, FD_INFINITY -> fd.value(metric);
      case PRECISION, RECALL, DENSITY, COVERAGE, KID, REALISM, RARITY -> neighbours.value(metric);
    };
  }

  private double standardError(Metric metric) {
    return switch (metric) {
      case TOP1_A -> top1BinomialSe();
      case TOP1_TV -> Math.hypot(top1BinomialSe(), top1Reference.standardError());
      case FD, FD_DEBIASED, FD_INFINITY -> fd.standardError(metric);
      case KID, REALISM, RARITY -> neighbours.standardError(metric);
      default -> throw new IllegalArgumentException(metric + " has no standard error");
    };
  }

  private double top1BinomialSe() {
    double p = top1Share();
    return Math.sqrt(p * (1 - p) / n);
  }

  /**
   * Share of samples with top-1 class A; NaN if not requested, with no samples, or when some sample
   * has no posterior (as {@link Metric#LOG_LIKELIHOOD} is then NaN).
   */
  private double top1Share() {
    return classB == null || n == 0 || top1Undefined > 0 ? Double.NaN : (double) top1A / n;
  }

  private int branchesHit() {
    int hit = 0;
    for (long c : branchCounts) {
      if (c > 0) {
        hit++;
      }
    }
    return hit;
  }

  /** ½ Σ_b |p̂_b − p_b|. */
  private double branchTv() {
    double[] mass = truth.branchMassesA();
    double tv = 0;
    for (int b = 0; b < branchCounts.length; b++) {
      tv += Math.abs((double) branchCounts[b] / n - mass[b]);
    }
    return 0.5 * tv;
  }

  /** Exact class-A moments, factored once for the FD. */
  private static final class ClassAMoments {
    static final FrechetDistance.Reference REFERENCE;

    static {
      GaussianMixture a = ToyGroundTruth.get().mixture(ToyClass.A);
      REFERENCE = new FrechetDistance.Reference(a.mean(), a.covariance());
    }
  }
}
