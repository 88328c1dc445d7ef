package dev.guidelab.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The metrics that need the samples themselves — k-NN manifold metrics, KID, and aggregates of the
 * per-sample realism and rarity scores — computed on the <em>first</em> {@link
 * ToyMetrics#KNN_SAMPLES} = 10,000 samples (stream order; precision/recall at N = 10k is the
 * convention) against a {@link ReferenceSet}: the toy's 10,000 exact class-A samples ({@link
 * ToyReferenceSamples}), or the feature vectors stored with an image reference.
 *
 * <p>To keep per-batch updates cheap they are recomputed only at checkpoints — when the kept set
 * has grown by half since the last computation, and when it reaches its final size ({@code
 * min(plannedSamples, 10,000)}) — and reported as of the last checkpoint in between, so a run
 * computes them at most ≈ 7 times. Only the requested groups are computed, and a checkpoint reuses
 * what the samples kept before it contributed: the k = 3 neighbour lists of the kept samples
 * ({@link KnnLists}), their answers for precision, density and coverage and recall's witnesses
 * ({@link ManifoldCounts}), KID's per-sample kernel sums ({@link KernelSums}) — from d = 17 on; the
 * 2-D toy recomputes them by direct scans, faster there — and the reference's balls and KID's real
 * subsets are kept by the {@link ReferenceSet}. A checkpoint then costs dgemm passes of the new
 * samples against the kept ones and the reference, plus KID's 100 generated within sums
 * (docs/images.md, "Linear algebra", for the times at d = 2048). Realism and rarity are scored once
 * per kept sample, as it is kept ({@link SampleScores}), and a checkpoint only takes their median
 * and mean; the same scores serve whoever shows single samples (an image point's typical images,
 * the toy's preview).
 *
 * <p><b>Memory.</b> The kept samples are {@code min(plannedSamples, 10,000) × d} doubles: 160 kB in
 * 2-D, 164 MB at d = 2048 (Inception). The checkpoint summaries are O(N) beside them: 4 doubles, a
 * flag and an int per kept sample, 100 doubles per kept sample for KID (8 MB at 10,000), a flag, an
 * int and a double per reference point; no N × N matrix is ever held. A computation adds transient
 * packed copies of the new samples, the kept ones and the reference for dgemm, so a 10k × 10k
 * checkpoint at d = 2048 peaks near 0.7 GB with the reference set — within a default heap (a
 * quarter of the machine's memory) from 4 GB up.
 *
 * <p><b>Realism aggregate</b> = the <em>median</em> realism score (Kynkäänniemi et al. 2019, Eq. 4;
 * dgm-eval variant, k = 3, balls below the median radius) of the kept samples. Not the mean: a
 * sample at distance δ from a reference point scores ≥ r/δ, so in 2-D {@code P(R > t) ∝ t⁻²} — the
 * mean exists but its variance does not, and one sample landing on a reference point would move it
 * arbitrarily. Its standard error is distribution-free: the median's rank has binomial SD √m/2, so
 * SE = half the gap between the order statistics at ranks {@code m/2 ± √m/2}.
 *
 * <p><b>Rarity aggregate</b> = the mean rarity score (Han et al. 2022, Eq. 3; k = 3) over the kept
 * samples that lie strictly inside some reference ball, with SE {@code s/√m_in}; samples in no ball
 * have no rarity (the paper excludes them). Their share is {@code 1 − precision} (same k = 3 balls;
 * {@code ≤} and {@code <} differ only on a null set), so it is not reported twice.
 */
final class NeighbourMetrics {

  /** Which groups of metrics to compute. */
  record Wanted(boolean manifold, boolean kernel, boolean scores) {

    /** The groups {@code requested} names a metric of. */
    static Wanted of(Collection<Metric> requested) {
      return new Wanted(
          requested.contains(Metric.PRECISION)
              || requested.contains(Metric.RECALL)
              || requested.contains(Metric.DENSITY)
              || requested.contains(Metric.COVERAGE),
          requested.contains(Metric.KID),
          requested.contains(Metric.REALISM) || requested.contains(Metric.RARITY));
    }

    boolean any() {
      return manifold || kernel || scores;
    }
  }

  /** The metrics of the first {@code count} kept samples; NaN for groups not wanted. */
  record Values(
      int count,
      double precision,
      double recall,
      double density,
      double coverage,
      double kid,
      double kidStd,
      double realism,
      double realismSe,
      double rarity,
      double raritySe) {}

  private final Wanted wanted;
  private final Supplier<ReferenceSet> reference;
  private ReferenceSet referenceSet; // from reference, at its first use
  private final int plannedKept; // final size of the kept set, min(planned samples, 10k)
  private final double[][] kept; // [KNN_SAMPLES][d] first samples, rows filled as they come
  private int keptCount;
  private final SampleScores scores; // per-sample realism and rarity of the first samples
  private Values last; // at the last checkpoint, or null
  // Per-sample summaries of the kept samples (d ≥ 17), grown at each checkpoint; rebuilt after a
  // restore.
  private KnnLists fakeLists; // k = 3 lists of the kept samples, when the manifold is wanted
  private ManifoldCounts manifold; // P/R and D/C counts, when the manifold is wanted
  private KernelSums kernel; // KID's cross sums, when KID is wanted

  /**
   * @param reference the reference set, asked for once, at the first checkpoint or the first sample
   *     scored (never if nothing is wanted)
   * @param scoredSamples how many leading samples get per-sample scores at least ({@link
   *     #scores()}; all kept samples do when {@link Metric#REALISM} or {@link Metric#RARITY} is
   *     wanted)
   */
  NeighbourMetrics(
      long plannedSamples, Wanted wanted, Supplier<ReferenceSet> reference, int scoredSamples) {
    this.wanted = wanted;
    this.reference = reference;
    this.plannedKept = (int) Math.max(1, Math.min(plannedSamples, ToyMetrics.KNN_SAMPLES));
    this.kept = new double[wanted.any() ? ToyMetrics.KNN_SAMPLES : 0][];
    int scored =
        wanted.scores() ? ToyMetrics.KNN_SAMPLES : Math.min(scoredSamples, ToyMetrics.KNN_SAMPLES);
    this.scores = new SampleScores(scored, this::referenceSet);
  }

  /** The reference set, fetched once. */
  private ReferenceSet referenceSet() {
    if (referenceSet == null) {
      referenceSet = reference.get();
    }
    return referenceSet;
  }

  /** The per-sample scores of the first samples. */
  SampleScores scores() {
    return scores;
  }

  /**
   * Appends samples {@code [from, from + count)} of {@code x} ({@code [m, dim]} row-major) to the
   * kept set, up to its cap, and scores those of them the scores still take.
   */
  void keep(double[] x, int dim, int from, int count) {
    int take = Math.min(count, Math.max(kept.length - keptCount, scores.room()));
    if (take <= 0) {
      return;
    }
    double[][] rows = new double[take][];
    for (int i = 0; i < take; i++) {
      int row = (from + i) * dim;
      rows[i] = Arrays.copyOfRange(x, row, row + dim);
    }
    int keep = Math.min(take, kept.length - keptCount);
    System.arraycopy(rows, 0, kept, keptCount, keep);
    keptCount += keep;
    scores.accept(rows);
  }

  /** Adds the samples {@code other} kept after this one's, and their scores. */
  void merge(NeighbourMetrics other) {
    int take = Math.min(other.keptCount, kept.length - keptCount);
    System.arraycopy(other.kept, 0, kept, keptCount, take);
    keptCount += take;
    scores.merge(other.scores);
  }

  /**
   * Writes the exact state ({@link AccumulatorState}): what is wanted and planned, the kept
   * samples, their scores, and the values of the last checkpoint — which are reported until the
   * next one and decide when it comes, so a restored run reaches its checkpoints at the same counts
   * with the same values.
   */
  void save(DataOutput out) throws IOException {
    out.writeBoolean(wanted.manifold());
    out.writeBoolean(wanted.kernel());
    out.writeBoolean(wanted.scores());
    out.writeInt(plannedKept);
    out.writeInt(kept.length);
    AccumulatorState.writeRows(out, kept, keptCount, keptCount == 0 ? 0 : kept[0].length);
    scores.save(out);
    out.writeBoolean(last != null);
    if (last != null) {
      out.writeInt(last.count());
      for (double v :
          new double[] {
            last.precision(),
            last.recall(),
            last.density(),
            last.coverage(),
            last.kid(),
            last.kidStd(),
            last.realism(),
            last.realismSe(),
            last.rarity(),
            last.raritySe()
          }) {
        AccumulatorState.writeDouble(out, v);
      }
    }
  }

  /** Restores what {@link #save} wrote into these metrics, which must be fresh and built alike. */
  void restore(DataInput in) throws IOException {
    AccumulatorState.expect(keptCount == 0 && last == null, "to restore into fresh k-NN metrics");
    AccumulatorState.expectBoolean(
        in, wanted.manifold(), "whether the manifold metrics are wanted");
    AccumulatorState.expectBoolean(in, wanted.kernel(), "whether KID is wanted");
    AccumulatorState.expectBoolean(in, wanted.scores(), "whether realism and rarity are wanted");
    AccumulatorState.expectInt(in, plannedKept, "the planned kept samples");
    AccumulatorState.expectInt(in, kept.length, "the kept samples' capacity");
    keptCount = AccumulatorState.readRows(in, kept);
    scores.restore(in);
    if (in.readBoolean()) {
      int at = in.readInt();
      AccumulatorState.expect(at > 0 && at <= keptCount, "a checkpoint within the kept samples");
      double[] v = new double[10];
      for (int i = 0; i < v.length; i++) {
        v[i] = AccumulatorState.readDouble(in);
      }
      last = new Values(at, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }
  }

  /**
   * {@link Metric#PRECISION}, {@link Metric#RECALL}, {@link Metric#DENSITY}, {@link
   * Metric#COVERAGE}, {@link Metric#KID}, {@link Metric#REALISM} or {@link Metric#RARITY} as of the
   * last checkpoint; NaN before it or when not wanted.
   */
  double value(Metric metric) {
    Values nv = values();
    if (nv == null) {
      return Double.NaN;
    }
    return switch (metric) {
      case PRECISION -> nv.precision();
      case RECALL -> nv.recall();
      case DENSITY -> nv.density();
      case COVERAGE -> nv.coverage();
      case KID -> nv.kid();
      case REALISM -> nv.realism();
      case RARITY -> nv.rarity();
      default -> throw new IllegalArgumentException(metric + " is not a k-NN or kernel metric");
    };
  }

  /**
   * The error of the last checkpoint: the std of {@link Metric#KID} over its subsets, the SE of the
   * median {@link Metric#REALISM} and of the mean {@link Metric#RARITY}; NaN before it.
   */
  double standardError(Metric metric) {
    Values nv = values();
    if (nv == null) {
      return Double.NaN;
    }
    return switch (metric) {
      case KID -> nv.kidStd();
      case REALISM -> nv.realismSe();
      case RARITY -> nv.raritySe();
      default -> throw new IllegalArgumentException(metric + " has no standard error here");
    };
  }

  /** Recomputes at a checkpoint; null if nothing is wanted or fewer than k + 1 = 6 are kept. */
  private Values values() {
    if (!wanted.any()) {
      return null;
    }
    int lastCount = last == null ? 0 : last.count();
    boolean checkpoint =
        keptCount != lastCount
            && (2 * keptCount >= 3 * lastCount
                || keptCount == plannedKept
                || keptCount == ToyMetrics.KNN_SAMPLES);
    if (checkpoint && keptCount > DensityCoverage.DEFAULT_K) {
      last = compute();
    }
    return last;
  }

  private Values compute() {
    ReferenceSet ref = referenceSet();
    double[][] fake = Arrays.copyOf(kept, keptCount); // [keptCount][d], rows shared
    LinearAlgebra la = NearestNeighbours.gemmFor(fake);
    double nan = Double.NaN;
    PrecisionRecall.Result pr = new PrecisionRecall.Result(nan, nan);
    DensityCoverage.Result dc = new DensityCoverage.Result(nan, nan);
    KernelInceptionDistance.Estimate kid = new KernelInceptionDistance.Estimate(nan, nan, 0, 0);
    double[] realism = {nan, nan}; // median, SE
    double[] rarity = {nan, nan}; // mean, SE
    // Below GEMM_MIN_DIM (the 2-D toy) the direct scans from scratch beat dgemm blocks of a few
    // columns, reused or not (2.7 s against 4.1 s per checkpoint at 10k × 10k in 2-D).
    if (wanted.manifold() && la == null) {
      pr =
          PrecisionRecall.of(
              ref.precisionRecallBalls(), NearestNeighbours.balls(fake, PrecisionRecall.DEFAULT_K));
      dc = DensityCoverage.of(ref.densityCoverageBalls(), fake);
    } else if (wanted.manifold()) {
      if (manifold == null) {
        fakeLists = new KnnLists(PrecisionRecall.DEFAULT_K, la);
        manifold = new ManifoldCounts(ref, la);
      }
      fakeLists.grow(kept, keptCount);
      manifold.grow(kept, keptCount, fakeLists.squaredRadii(PrecisionRecall.DEFAULT_K));
      pr = manifold.precisionRecall();
      dc = manifold.densityCoverage();
    }
    if (wanted.kernel() && la == null) {
      kid = KernelInceptionDistance.compute(ref.samples(), fake, ToyMetrics.KID_SEED);
    } else if (wanted.kernel()) {
      if (kernel == null) {
        kernel = new KernelSums(ref, la);
      }
      kid = kernel.estimate(kept, keptCount);
    }
    if (wanted.scores()) {
      // Each kept sample was scored once, when it was kept.
      realism = medianWithError(scores.realism(0, keptCount));
      rarity = meanOfDefined(scores.rarity(0, keptCount));
    }
    return new Values(
        keptCount,
        pr.precision(),
        pr.recall(),
        dc.density(),
        dc.coverage(),
        kid.mean(),
        kid.std(),
        realism[0],
        realism[1],
        rarity[0],
        rarity[1]);
  }

  /**
   * {@code {median, SE}} of the finite values: numpy's median, and half the gap between the order
   * statistics at ranks {@code m/2 ± √m/2} (one binomial SD of the median's rank).
   */
  static double[] medianWithError(double[] scores) {
    double[] s = Arrays.stream(scores).filter(Double::isFinite).sorted().toArray();
    int m = s.length;
    if (m == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double halfWidth = Math.sqrt(m) / 2;
    int lo = (int) Math.max(0, Math.floor((m - 1) / 2.0 - halfWidth));
    int hi = (int) Math.min(m - 1, Math.ceil((m - 1) / 2.0 + halfWidth));
    return new double[] {Realism.percentile(s, 50), (s[hi] - s[lo]) / 2};
  }

  /** {@code {mean, s/√m}} of the values that are not NaN (NaN, NaN if none; SE NaN if one). */
  static double[] meanOfDefined(double[] scores) {
    double sum = 0;
    int m = 0;
    for (double v : scores) {
      if (!Double.isNaN(v)) {
        sum += v;
        m++;
      }
    }
    double mean = m == 0 ? Double.NaN : sum / m;
    double ss = 0;
    for (double v : scores) {
      if (!Double.isNaN(v)) {
        ss += (v - mean) * (v - mean);
      }
    }
    return new double[] {mean, m < 2 ? Double.NaN : Math.sqrt(ss / (m - 1) / m)};
  }
}
