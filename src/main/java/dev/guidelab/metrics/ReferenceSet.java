package dev.guidelab.metrics;

/**
 * The "real" feature vectors of the k-NN and kernel metrics (docs/metrics.md: improved
 * precision/recall, density/coverage, KID, realism, rarity), with their k-NN balls — {@code k = 3}
 * for precision/recall, realism and rarity, {@code k = 5} for density/coverage — each computed
 * once, on first use, and shared by every evaluation against the set (a worker's points against one
 * reference, the toy's exact samples). Thread-safe; the arrays are shared, not copied: treat them
 * as read-only.
 */
public final class ReferenceSet {

  private final double[][] samples; // [N][d]
  private NearestNeighbours.Balls precisionRecallBalls; // k = 3, on first use
  private NearestNeighbours.Balls densityCoverageBalls; // k = 5, on first use

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
    if (precisionRecallBalls == null) {
      precisionRecallBalls = NearestNeighbours.balls(samples, PrecisionRecall.DEFAULT_K);
    }
    return precisionRecallBalls;
  }

  /** Balls with {@code k = 5} for density/coverage. */
  public synchronized NearestNeighbours.Balls densityCoverageBalls() {
    if (densityCoverageBalls == null) {
      densityCoverageBalls = NearestNeighbours.balls(samples, DensityCoverage.DEFAULT_K);
    }
    return densityCoverageBalls;
  }
}
