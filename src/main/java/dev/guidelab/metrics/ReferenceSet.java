package dev.guidelab.metrics;

/**
 * The "real" feature vectors of the k-NN and kernel metrics (docs/metrics.md: improved
 * precision/recall, density/coverage, KID, realism, rarity), with their k-NN balls — {@code k = 3}
 * for precision/recall, realism and rarity, {@code k = 5} for density/coverage — each computed
 * once, on first use, and shared by every evaluation against the set — as are KID's real subsets of
 * the full size {@code min(N, 1000)} with their kernel sums (a worker's points against one
 * reference, the toy's exact samples). Thread-safe; the arrays are shared, not copied: treat them
 * as read-only.
 */
public final class ReferenceSet {

  private final double[][] samples; // [N][d]
  private NearestNeighbours.Balls precisionRecallBalls; // k = 3, on first use
  private NearestNeighbours.Balls densityCoverageBalls; // k = 5, on first use
  private KernelSums.RealSubsets kernelSubsets; // of the full subset size, on first use

  /** The set {@code samples} ({@code [N][d]}, N ≥ 6 for the k = 5 balls). */
  public ReferenceSet(double[][] samples) {
    NearestNeighbours.requireRectangular(samples, "reference");
    this.samples = samples;
  }

  /** The vectors, {@code [N][d]}. */
  public double[][] samples() {
    return samples;
  }

  /** N. */
  public int size() {
    return samples.length;
  }

  /** Balls with {@code k = 3} for improved precision/recall, realism and rarity. */
  public synchronized NearestNeighbours.Balls precisionRecallBalls() {
    computeBalls();
    return precisionRecallBalls;
  }

  /** Balls with {@code k = 5} for density/coverage. */
  public synchronized NearestNeighbours.Balls densityCoverageBalls() {
    computeBalls();
    return densityCoverageBalls;
  }

  /** Both sets of balls, from one scan ({@link KnnLists} of k = 5 hold the k = 3 radii too). */
  private void computeBalls() {
    if (precisionRecallBalls != null) {
      return;
    }
    int k3 = PrecisionRecall.DEFAULT_K;
    int k5 = DensityCoverage.DEFAULT_K;
    LinearAlgebra la = NearestNeighbours.gemmFor(samples);
    if (la == null) {
      precisionRecallBalls = NearestNeighbours.balls(samples, k3);
      densityCoverageBalls = NearestNeighbours.balls(samples, k5);
      return;
    }
    KnnLists lists = new KnnLists(k5, la);
    lists.grow(samples, samples.length);
    precisionRecallBalls = new NearestNeighbours.Balls(samples, lists.squaredRadii(k3), k3);
    densityCoverageBalls = new NearestNeighbours.Balls(samples, lists.squaredRadii(k5), k5);
  }

  /**
   * KID's real subsets of m rows with their within kernel sums ({@link KernelSums}): kept when m is
   * the full size {@code min(N, 1000)} that every run reaches from 1000 samples on, computed afresh
   * for the smaller m of a run's first checkpoints.
   */
  synchronized KernelSums.RealSubsets kernelSubsets(
      int subsets, int m, long seed, LinearAlgebra la) {
    if (m != KernelInceptionDistance.subsetSize(samples.length, samples.length)) {
      return KernelSums.RealSubsets.of(samples, subsets, m, seed, la);
    }
    if (kernelSubsets == null
        || kernelSubsets.idx().length != subsets
        || kernelSubsets.seed() != seed) {
      kernelSubsets = KernelSums.RealSubsets.of(samples, subsets, m, seed, la);
    }
    return kernelSubsets;
  }
}
