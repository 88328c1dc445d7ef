package dev.guidelab.metrics;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, Eq. 1–3; spec/metrics.md): the manifold
 * of a set is the union of its k-NN balls, membership {@code ‖φ − φ'‖ ≤ r_k(φ')}. Precision = share
 * of generated samples inside the real manifold; recall = share of real samples inside the
 * generated manifold. Blocked, early-exit scans; no N×N matrix.
 */
public final class PrecisionRecall {

  /** The paper's default neighbourhood size. */
  public static final int DEFAULT_K = 3;

  /**
   * Ball membership: {@link #AT_MOST} ({@code ≤}, improved P/R, the default) or {@link #STRICT}
   * ({@code <}, clovaai prdc's precision/recall; differs only on ties, e.g. duplicate samples).
   */
  public enum Membership {
    AT_MOST,
    STRICT
  }

  /** Precision and recall, each in [0, 1]. */
  public record Result(double precision, double recall) {}

  private PrecisionRecall() {}

  /** With {@link #DEFAULT_K}. */
  public static Result compute(double[][] real, double[][] fake) {
    return compute(real, fake, DEFAULT_K);
  }

  /** P/R of {@code fake} against {@code real} ({@code [N][d]} each). */
  public static Result compute(double[][] real, double[][] fake, int k) {
    return compute(real, fake, k, Membership.AT_MOST);
  }

  /** P/R with the given membership test. */
  public static Result compute(double[][] real, double[][] fake, int k, Membership membership) {
    NearestNeighbours.requireSameDim(real, fake);
    return of(NearestNeighbours.balls(real, k), NearestNeighbours.balls(fake, k), membership);
  }

  /** P/R from precomputed balls (e.g. a cached reference), which must share k. */
  public static Result of(NearestNeighbours.Balls real, NearestNeighbours.Balls fake) {
    return of(real, fake, Membership.AT_MOST);
  }

  /** P/R from precomputed balls with the given membership test. */
  public static Result of(
      NearestNeighbours.Balls real, NearestNeighbours.Balls fake, Membership membership) {
    if (real.k() != fake.k()) {
      throw new IllegalArgumentException("k differs: real " + real.k() + ", fake " + fake.k());
    }
    boolean strict = membership == Membership.STRICT;
    return new Result(
        insideShare(fake.centres(), real, strict), insideShare(real.centres(), fake, strict));
  }

  /** Share of {@code points} within {@code ≤ r_k} ({@code < r_k} if strict) of some ball centre. */
  static double insideShare(double[][] points, NearestNeighbours.Balls balls, boolean strict) {
    boolean[] inside = new boolean[points.length];
    double[][] c = balls.centres();
    double[] r2 = balls.squaredRadii();
    NearestNeighbours.parallelBlocks(
        points.length,
        i -> {
          for (int j = 0; j < c.length; j++) {
            double d2 = NearestNeighbours.squaredDistance(points[i], c[j]);
            if (d2 < r2[j] || (!strict && d2 == r2[j])) {
              inside[i] = true;
              return;
            }
          }
        });
    int count = 0;
    for (boolean b : inside) {
      count += b ? 1 : 0;
    }
    return (double) count / points.length;
  }
}
