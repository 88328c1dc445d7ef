package dev.guidelab.metrics;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class-A metrics of 2-D toy samples against the exact ground truth (spec/toy.md, "Toy metric
 * definitions"; spec/metrics.md, "Toy"), kept as streamed sufficient statistics — sums, counts, a
 * branch histogram and a {@link MomentAccumulator} — so accumulators of batches and workers merge
 * by addition. Not thread-safe; give each thread its own and {@link #merge}.
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

  /** All metric names, in the order of {@link #values()}. */
  public static final List<String> NAMES =
      List.of(
          LOG_LIKELIHOOD,
          LOG_LIKELIHOOD_CLIPPED,
          OUTLIER_FRACTION,
          FAR_FRACTION,
          BRANCH_TV,
          BRANCHES_HIT,
          FD);

  /** Outlier level: {@code max_k log p_A(μ_k) − 4.4944 = 2.90122 − 4.4944} (spec/toy.md). */
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

  /** An empty accumulator against the class-A ground truth. */
  public ToyMetrics() {
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
    moments.accept(samples, DIM);
    n += logP.length;
  }

  /** Adds everything {@code other} has seen. */
  public void merge(ToyMetrics other) {
    n += other.n;
    sumLogP += other.sumLogP;
    sumClippedLogP += other.sumClippedLogP;
    outliers += other.outliers;
    far += other.far;
    for (int b = 0; b < branchCounts.length; b++) {
      branchCounts[b] += other.branchCounts[b];
    }
    moments.merge(other.moments);
  }

  /** Number of samples seen. */
  public long n() {
    return n;
  }

  /** The metrics in {@link #NAMES} order; NaN where undefined (no samples; FD needs n ≥ 2). */
  /** Standard errors of the metrics that have one, keyed by metric name. */
  public Map<String, Double> standardErrors() {
    return Map.of();
  }

  public Map<String, Double> values() {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(LOG_LIKELIHOOD, n == 0 ? Double.NaN : sumLogP / n);
    v.put(LOG_LIKELIHOOD_CLIPPED, n == 0 ? Double.NaN : sumClippedLogP / n);
    v.put(OUTLIER_FRACTION, n == 0 ? Double.NaN : (double) outliers / n);
    v.put(FAR_FRACTION, n == 0 ? Double.NaN : (double) far / n);
    v.put(BRANCH_TV, n == 0 ? Double.NaN : branchTv());
    v.put(BRANCHES_HIT, (double) branchesHit());
    v.put(
        FD,
        n < 2
            ? Double.NaN
            : ClassAMoments.REFERENCE.distanceTo(moments.mean(), moments.covariance(1)));
    return v;
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
