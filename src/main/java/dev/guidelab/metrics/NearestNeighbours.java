package dev.guidelab.metrics;

import java.util.stream.IntStream;

/**
 * k-nearest-neighbour radii within one feature set (Kynkäänniemi et al. 2019, Sec. 3: {@code
 * r_k(φ)} = distance from φ to its k-th nearest neighbour in its own set, self excluded —
 * equivalently the (k+1)-th smallest distance including self, so duplicates count). Distances are
 * exact float64 Euclidean, computed row by row in parallel blocks of queries; memory is O(N·k),
 * never an N×N matrix, so 50k points in 2-D or 10k in 2048-D fit a default heap.
 *
 * <p>All ball tests elsewhere compare squared distances with squared radii: sqrt is monotone and
 * correctly rounded, so this agrees with comparing distances except at sub-ulp near-ties.
 */
public final class NearestNeighbours {

  /** Queries per parallel task. */
  static final int BLOCK = 64;

  private NearestNeighbours() {}

  /**
   * Balls {@code B_k(φ_i)} of a feature set: centres {@code [N][d]} and squared k-NN radii {@code
   * [N]}. Immutable by convention (arrays are shared, not copied).
   */
  public record Balls(double[][] centres, double[] squaredRadii, int k) {

    /** Number of balls N. */
    public int size() {
      return centres.length;
    }

    /** Radius {@code r_k(φ_i)}. */
    public double radius(int i) {
      return Math.sqrt(squaredRadii[i]);
    }

    /** All radii, {@code [N]}. */
    public double[] radii() {
      double[] r = new double[squaredRadii.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = Math.sqrt(squaredRadii[i]);
      }
      return r;
    }
  }

  /** The k-NN balls of {@code x} ({@code [N][d]}, N ≥ k + 1). */
  public static Balls balls(double[][] x, int k) {
    return new Balls(x, squaredRadii(x, k), k);
  }

  /** {@code r_k} of every point of {@code x}, {@code [N]}. */
  public static double[] radii(double[][] x, int k) {
    return balls(x, k).radii();
  }

  /** Squared k-th NN distance of every point, self excluded, {@code [N]}. */
  static double[] squaredRadii(double[][] x, int k) {
    int n = x.length;
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (n < k + 1) {
      throw new IllegalArgumentException(
          "a set of " + n + " points has no " + k + "-th nearest neighbour");
    }
    requireRectangular(x, "set");
    double[] out = new double[n];
    // Per query the k+1 smallest squared distances (self included), kept sorted ascending.
    parallelBlocks(
        n,
        i -> {
          double[] best = new double[k + 1];
          java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
          double[] xi = x[i];
          for (double[] xj : x) {
            double d2 = squaredDistance(xi, xj);
            if (d2 < best[k]) {
              int p = k;
              while (p > 0 && best[p - 1] > d2) {
                best[p] = best[p - 1];
                p--;
              }
              best[p] = d2;
            }
          }
          out[i] = best[k];
        });
    return out;
  }

  /** {@code ‖a − b‖²}, summed in index order. */
  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double diff = a[j] - b[j];
      s += diff * diff;
    }
    return s;
  }

  /** Runs {@code body} for each index in {@code [0, n)}, blocks of {@link #BLOCK} in parallel. */
  static void parallelBlocks(int n, java.util.function.IntConsumer body) {
    int blocks = (n + BLOCK - 1) / BLOCK;
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            b -> {
              int end = Math.min(n, (b + 1) * BLOCK);
              for (int i = b * BLOCK; i < end; i++) {
                body.accept(i);
              }
            });
  }

  static void requireRectangular(double[][] x, String which) {
    if (x.length == 0) {
      return;
    }
    int d = x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException(
            which + " row " + i + " has " + x[i].length + " features, row 0 has " + d);
      }
    }
  }

  static void requireSameDim(double[][] a, double[][] b) {
    requireRectangular(a, "real");
    requireRectangular(b, "generated");
    if (a.length > 0 && b.length > 0 && a[0].length != b[0].length) {
      throw new IllegalArgumentException(
          "real features have " + a[0].length + " dimensions, generated " + b[0].length);
    }
  }
}
