package dev.guidelab.metrics;

import java.util.stream.IntStream;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, Eq. 1–3; docs/metrics.md): the manifold
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
    return insideShare(points, balls, strict, NearestNeighbours.gemmFor(points));
  }

  /**
   * As above; with {@code la} non-null by dgemm screening (same result bits: pairs whose estimate
   * lies within the rounding bound of the radius are decided by the exact distance).
   */
  static double insideShare(
      double[][] points, NearestNeighbours.Balls balls, boolean strict, LinearAlgebra la) {
    if (la != null && points.length > 0 && balls.size() > 0) {
      return insideShareGemm(points, balls, strict, la);
    }
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

  private static double insideShareGemm(
      double[][] points, NearestNeighbours.Balls balls, boolean strict, LinearAlgebra la) {
    int n = points.length;
    int d = points[0].length;
    double[][] c = balls.centres();
    double[] r2 = balls.squaredRadii();
    double[] pointNorms = NearestNeighbours.squaredNorms(points);
    double[] centreNorms = NearestNeighbours.squaredNorms(c);
    double tol = NearestNeighbours.screeningTolerance(d);
    double[][] centreChunks = NearestNeighbours.packChunks(c, d);
    int tile = NearestNeighbours.TILE;
    int[] inside = new int[(n + tile - 1) / tile];
    NearestNeighbours.forEachChunk(
        inside.length,
        la,
        qb -> {
          // Points of this block not yet inside a ball; repacked after each ball chunk (early
          // exit).
          int[] open = IntStream.range(qb * tile, Math.min(n, (qb + 1) * tile)).toArray();
          int openCount = open.length;
          double[] packed = new double[openCount * d];
          double[] g = new double[openCount * tile];
          for (int cb = 0; cb < centreChunks.length && openCount > 0; cb++) {
            int c0 = cb * tile;
            int cn = Math.min(tile, c.length - c0);
            LinearAlgebra.pack(points, open, 0, openCount, d, packed);
            la.products().innerProducts(packed, openCount, centreChunks[cb], cn, d, g);
            int kept = 0;
            for (int ii = 0; ii < openCount; ii++) {
              int i = open[ii];
              double ni = pointNorms[i];
              boolean in = false;
              for (int jj = 0; jj < cn && !in; jj++) {
                int j = c0 + jj;
                double nj = centreNorms[j];
                double estimate = ni + nj - 2 * g[ii + jj * openCount];
                double bound = tol * (ni + nj);
                if (estimate + bound < r2[j]) {
                  in = true;
                } else if (estimate - bound <= r2[j]) {
                  double d2 = NearestNeighbours.squaredDistance(points[i], c[j]);
                  in = d2 < r2[j] || (!strict && d2 == r2[j]);
                }
              }
              if (in) {
                inside[qb]++;
              } else {
                open[kept++] = i;
              }
            }
            openCount = kept;
          }
        });
    int count = 0;
    for (int x : inside) {
      count += x;
    }
    return (double) count / n;
  }
}
