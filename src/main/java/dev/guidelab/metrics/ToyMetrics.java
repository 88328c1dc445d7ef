package dev.guidelab.metrics;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyClassifier;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class-A metrics of 2-D toy samples against the exact ground truth (docs/toy.md, "Toy metric
 * definitions"; docs/metrics.md, "Toy"), kept as streamed sufficient statistics — sums, counts, a
 * branch histogram and {@link MomentAccumulator}s — so accumulators of batches and workers merge by
 * addition. Not thread-safe; give each thread its own and {@link #merge}.
 *
 * <p><b>FD error bars.</b> Each sample also goes to one of {@link #JACKKNIFE_BLOCKS} moment blocks,
 * chosen by a hash of its coordinates (a random partition of iid samples that does not depend on
 * batch order, so merged accumulators equal one pass exactly); {@link FrechetJackknife} then gives
 * {@link #FD_DEBIASED} and the SE in {@link #standardErrors()}.
 *
 * <p><b>Metrics computed on request</b> ({@link #ON_REQUEST}): {@link #FD_INFINITY} from the same
 * blocks ({@link BlockFdInfinity}); the k-NN, kernel and per-sample-score metrics ({@link
 * #PRECISION}, {@link #RECALL}, {@link #DENSITY}, {@link #COVERAGE}, {@link #KID}, {@link
 * #REALISM}, {@link #RARITY}) on the first 10,000 samples against 10,000 exact class-A samples,
 * recomputed at checkpoints ({@link NeighbourMetrics}); the Top-1 class diagnostic ({@link
 * #TOP1_A}, {@link #TOP1_TV}), streamed like the default set but an extra class-B mixture
 * evaluation per sample and only informative when class histograms are in question.
 */
public final class ToyMetrics {

  /** Mean {@code log p_A(x)} (float64 log-sum-exp). Higher is better. */
  public static final String LOG_LIKELIHOOD = "log_likelihood";

  /** Mean {@code max(log p_A(x), −10)}: robust to a few far-away samples. */
  public static final String LOG_LIKELIHOOD_CLIPPED = "log_likelihood_clipped";

  /** Share of samples with {@code log p_A(x) < −1.5932}, the contour outlining the distribution. */
  public static final String OUTLIER_FRACTION = "outlier_fraction";

  /** Share of samples with {@code ‖x‖ > 3} (all true mass lies within 1.6). */
  public static final String FAR_FRACTION = "far_fraction";

  /** Branches of 127 with at least one sample (by most responsible class-A component). */
  public static final String BRANCHES_HIT = "branches_hit";

  /**
   * Total-variation distance {@code ½Σ_b |p̂_b − p_b|} between branch histogram and true masses.
   */
  public static final String BRANCH_TV = "branch_tv";

  /** 2-D Fréchet distance between the samples' moments (ddof 1) and the exact class-A moments. */
  public static final String FD = "fd";

  /**
   * Jackknife bias-corrected FD, {@code B·FD_all − (B−1)·mean FD_(−b)} over {@link
   * #JACKKNIFE_BLOCKS} blocks (docs/metrics.md, "Bias"); may be slightly negative.
   */
  public static final String FD_DEBIASED = "fd_debiased";

  /** Improved precision ({@code k = 3}, {@code ≤}) against exact class-A samples. */
  public static final String PRECISION = "precision";

  /** Improved recall ({@code k = 3}, {@code ≤}) against exact class-A samples. */
  public static final String RECALL = "recall";

  /** Density (Naeem et al. 2020, {@code k = 5}, strict {@code <}) against exact class-A samples. */
  public static final String DENSITY = "density";

  /**
   * Coverage (Naeem et al. 2020, {@code k = 5}, strict {@code <}) against exact class-A samples.
   */
  public static final String COVERAGE = "coverage";

  /** KID (mean over 100 subsets of {@code min(n, 1000)}) against exact class-A samples. */
  public static final String KID = "kid";

  /**
   * FD∞ (Chong &amp; Forsyth 2020): intercept of {@code FD_n = a + b/n} fitted over subsets of n =
   * N/10..N samples, against the same reference as {@link #FD}; jackknife SE ({@link
   * BlockFdInfinity}).
   */
  public static final String FD_INFINITY = "fd_infinity";

  /**
   * Median realism score (Kynkäänniemi et al. 2019, k = 3) of the first 10,000 samples against
   * exact class-A samples; ≥ 1 means more than half lie inside a retained reference ball ({@link
   * NeighbourMetrics}).
   */
  public static final String REALISM = "realism";

  /**
   * Mean rarity score (Han et al. 2022, k = 3) of those of the first 10,000 samples that lie in
   * some reference ball (the others, a share of 1 − {@link #PRECISION}, have none).
   */
  public static final String RARITY = "rarity";

  /**
   * Top-1 class histogram (docs/metrics.md, "Top-N class diagnostic"): the share of samples whose
   * exact posterior arg-max ({@link ToyClassifier}) is class A, with its binomial SE {@code
   * sqrt(p(1−p)/n)}. With two classes this is the whole histogram.
   */
  public static final String TOP1_A = "top1_a";

  /**
   * Total-variation distance {@code |top1_a − r_A|} between the samples' Top-1 histogram and that
   * of the reference class ({@link ToyTop1Reference}); its SE is that of the difference, {@code
   * sqrt(p(1−p)/n + SE(r_A)²)}. Like {@link #BRANCH_TV} it is not 0 at finite n: for samples of the
   * reference class its mean is ≈ {@code √(2/π)·SE}.
   */
  public static final String TOP1_TV = "top1_tv";

  /** All metric names, in the order of {@link #values()}. */
  public static final List<String> NAMES =
      List.of(
          LOG_LIKELIHOOD,
          LOG_LIKELIHOOD_CLIPPED,
          OUTLIER_FRACTION,
          FAR_FRACTION,
          BRANCH_TV,
          BRANCHES_HIT,
          TOP1_A,
          TOP1_TV,
          FD,
          FD_DEBIASED,
          FD_INFINITY,
          PRECISION,
          RECALL,
          DENSITY,
          COVERAGE,
          KID,
          REALISM,
          RARITY);

  /**
   * The default set: the metrics that cost a few operations per sample, but for the Top-1
   * diagnostic ({@link #TOP1_A}, {@link #TOP1_TV}), which is streamed as cheaply but answers a
   * narrower question and costs a second mixture evaluation per sample.
   */
  public static final List<String> DEFAULT =
      List.of(
          LOG_LIKELIHOOD,
          LOG_LIKELIHOOD_CLIPPED,
          OUTLIER_FRACTION,
          FAR_FRACTION,
          BRANCH_TV,
          BRANCHES_HIT,
          FD,
          FD_DEBIASED);

  /** The metrics computed only when asked for: all but {@link #DEFAULT}. */
  public static final List<String> ON_REQUEST =
      NAMES.stream().filter(name -> !DEFAULT.contains(name)).toList();

  /** The exact moments of class A, the default reference of {@link #FD}. */
  public static final FrechetDistance.Reference CLASS_A = ClassAMoments.REFERENCE;

  /** Blocks B of the FD jackknife. */
  public static final int JACKKNIFE_BLOCKS = 20;

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
  private final MomentAccumulator moments = new MomentAccumulator();
  private final List<MomentAccumulator> blocks = new ArrayList<>(); // [B] jackknife blocks
  private final FrechetDistance.Reference fdReference; // moments FD is measured against
  private final boolean fdInfinityWanted;
  private BlockFdInfinity.Estimate fdInfinity; // at fdInfinityN samples (≈ 7000 2-D FDs; cached)
  private long fdInfinityN = -1;
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
    this(plannedSamples, NAMES, CLASS_A, ToyClass.A);
  }

  /**
   * As {@link #ToyMetrics(long)}, computing the {@link #ON_REQUEST} metrics only if {@code
   * requested} names them (the others stay NaN; they cost seconds per run), with {@link #FD} and
   * {@link #FD_INFINITY} measured against {@code fdReference} and {@link #TOP1_TV} against the
   * Top-1 histogram of class {@code top1Reference}.
   */
  public ToyMetrics(
      long plannedSamples,
      Collection<String> requested,
      FrechetDistance.Reference fdReference,
      ToyClass top1Reference) {
    this.fdReference = fdReference;
    boolean top1Wanted = requested.contains(TOP1_A) || requested.contains(TOP1_TV);
    this.classB = top1Wanted ? ToyGroundTruth.get().mixture(ToyClass.B) : null;
    this.top1Reference = ToyTop1Reference.classifiedA(top1Reference);
    this.fdInfinityWanted = requested.contains(FD_INFINITY);
    this.neighbours =
        new NeighbourMetrics(
            plannedSamples, NeighbourMetrics.Wanted.of(requested), ToyReferenceSamples::get);
    truth = ToyGroundTruth.get();
    classA = truth.mixture(ToyClass.A);
    branchCounts = new long[truth.branchCountA()];
    for (int b = 0; b < JACKKNIFE_BLOCKS; b++) {
      blocks.add(new MomentAccumulator());
    }
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
      // Jackknife block by a hash of the sample.
      blocks.get(blockOf(x0, x1)).accept(new double[] {x0, x1}, DIM);
    }
    moments.accept(samples, DIM);
    neighbours.keep(samples, DIM, 0, samples.length / DIM);
    n += logP.length;
  }

  /** Block of a sample: a mixed hash of its coordinates' bits, mod B. */
  static int blockOf(double x0, double x1) {
    long h = Double.doubleToLongBits(x0) * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(x1);
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, JACKKNIFE_BLOCKS);
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
    moments.merge(other.moments);
    for (int b = 0; b < JACKKNIFE_BLOCKS; b++) {
      blocks.get(b).merge(other.blocks.get(b));
    }
    neighbours.merge(other.neighbours);
  }

  /** Number of samples seen. */
  public long n() {
    return n;
  }

  /**
   * The metrics in {@link #NAMES} order; NaN where undefined (no samples; FD needs n ≥ 2; the
   * jackknife a sample in every block, FD∞ two; the k-NN metrics 6 kept samples) or not requested.
   * k-NN, kernel and score metrics as of the last checkpoint ({@link NeighbourMetrics}).
   */
  public Map<String, Double> values() {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(LOG_LIKELIHOOD, n == 0 ? Double.NaN : sumLogP / n);
    v.put(LOG_LIKELIHOOD_CLIPPED, n == 0 ? Double.NaN : sumClippedLogP / n);
    v.put(OUTLIER_FRACTION, n == 0 ? Double.NaN : (double) outliers / n);
    v.put(FAR_FRACTION, n == 0 ? Double.NaN : (double) far / n);
    v.put(BRANCH_TV, n == 0 ? Double.NaN : branchTv());
    v.put(BRANCHES_HIT, (double) branchesHit());
    double top1 = top1Share();
    v.put(TOP1_A, top1);
    v.put(TOP1_TV, Math.abs(top1 - top1Reference.value()));
    v.put(FD, n < 2 ? Double.NaN : fdReference.distanceTo(moments.mean(), moments.covariance(1)));
    FrechetJackknife.Estimate jack = jackknife();
    v.put(FD_DEBIASED, jack == null ? Double.NaN : jack.debiased());
    BlockFdInfinity.Estimate inf = fdInfinity();
    v.put(FD_INFINITY, inf == null ? Double.NaN : inf.value());
    neighbours.putValues(v);
    return v;
  }

  /**
   * Standard errors keyed by metric name: the binomial SE of {@link #TOP1_A} and the SE of the
   * difference behind {@link #TOP1_TV}, the jackknife SE of {@link #FD} (also given for {@link
   * #FD_DEBIASED}) and of {@link #FD_INFINITY}, the std of {@link #KID} over its subsets, the SE of
   * the median {@link #REALISM} and of the mean {@link #RARITY}; NaN where undefined.
   */
  public Map<String, Double> standardErrors() {
    Map<String, Double> se = new LinkedHashMap<>();
    double p = top1Share();
    double binomialSe = Math.sqrt(p * (1 - p) / n);
    se.put(TOP1_A, binomialSe);
    se.put(TOP1_TV, Math.hypot(binomialSe, top1Reference.standardError()));
    FrechetJackknife.Estimate jack = jackknife();
    double fdSe = jack == null ? Double.NaN : jack.standardError();
    se.put(FD, fdSe);
    se.put(FD_DEBIASED, fdSe);
    BlockFdInfinity.Estimate inf = fdInfinity();
    se.put(FD_INFINITY, inf == null ? Double.NaN : inf.standardError());
    neighbours.putStandardErrors(se);
    return se;
  }

  /** The FD jackknife, or null while some block is empty (B = 20 blocks need n ≥ 20). */
  private FrechetJackknife.Estimate jackknife() {
    for (MomentAccumulator b : blocks) {
      if (b.n() == 0) {
        return null;
      }
    }
    return FrechetJackknife.against(fdReference, blocks);
  }

  /** FD∞ if requested, or null (also while some block has fewer than 2 samples). */
  private BlockFdInfinity.Estimate fdInfinity() {
    if (!fdInfinityWanted) {
      return null;
    }
    for (MomentAccumulator b : blocks) {
      if (b.n() < 2) {
        return null;
      }
    }
    if (fdInfinityN != n) {
      fdInfinity = BlockFdInfinity.against(fdReference, blocks);
      fdInfinityN = n;
    }
    return fdInfinity;
  }

  /**
   * Share of samples with top-1 class A; NaN if not requested, with no samples, or when some sample
   * has no posterior (as {@link #LOG_LIKELIHOOD} is then NaN).
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
