package dev.guidelab.metrics;

import java.util.concurrent.ForkJoinPool;
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

  /**
   * From this dimension on, distance scans use BLAS dgemm blocks ({@code ‖x−y‖² = ‖x‖² + ‖y‖² −
   * 2xᵀy}) to screen pairs; below it (e.g. the 2-D toy) the direct loop is faster.
   */
  static final int GEMM_MIN_DIM = 17;

  /**
   * Rows per dgemm block (a block product is TILE × TILE doubles, 8 MiB): at d = 2048 a call is 4
   * GFLOP, so the fixed costs of a call (copies through JNI, packing, thread start) are spread over
   * four times the work they were at 512 rows.
   */
  static final int TILE = 1024;

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
    return squaredRadii(x, k, gemmFor(x));
  }

  /**
   * The linear algebra (and its products) for the dgemm route when the dimension warrants it, else
   * null (direct route).
   */
  static LinearAlgebra gemmFor(double[][] x) {
    return x.length > 0 && x[0].length >= GEMM_MIN_DIM ? LinearAlgebra.best() : null;
  }

  /**
   * As {@link #squaredRadii(double[][], int)}; with {@code la} non-null by dgemm screening ({@link
   * KnnLists}), which gives the same bits as the direct route: a pair is evaluated exactly (by
   * {@link #squaredDistance}) unless its dgemm estimate proves it cannot enter the k+1 smallest.
   */
  static double[] squaredRadii(double[][] x, int k, LinearAlgebra la) {
    int n = x.length;
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (n < k + 1) {
      throw new IllegalArgumentException(
          "a set of " + n + " points has no " + k + "-th nearest neighbour");
    }
    requireRectangular(x, "set");
    if (la != null) {
      KnnLists lists = new KnnLists(k, la);
      lists.grow(x, n);
      return lists.squaredRadii(k);
    }
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

  /**
   * Relative bound on |dgemm estimate − direct {@link #squaredDistance}|, as a multiple of {@code
   * ‖x‖² + ‖y‖²}: each of the dot product (any summation order, FMA or not), the norms and the
   * direct sum is within {@code γ_d = d·u/(1 − d·u)} of exact (Higham, Accuracy and Stability,
   * §3.1) times at most {@code 2(‖x‖² + ‖y‖²)}; their sum stays below {@code (4d + 6)·u}. Twice
   * that, in ulps of 1 (= 2u), for margin.
   */
  static double screeningTolerance(int d) {
    return (4.0 * d + 6) * Math.ulp(1.0);
  }

  /** {@code ‖x_i‖²} summed in index order, {@code [N]}. */
  static double[] squaredNorms(double[][] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      for (double v : x[i]) {
        s += v * v;
      }
      out[i] = s;
    }
    return out;
  }

  /** Rows of {@code x} ({@code [N][d]}) in chunks of {@link #TILE}, each row-major flat. */
  static double[][] packChunks(double[][] x, int d) {
    int n = x.length;
    double[][] chunks = new double[(n + TILE - 1) / TILE][];
    for (int b = 0; b < chunks.length; b++) {
      int from = b * TILE;
      int to = Math.min(n, from + TILE);
      chunks[b] = new double[(to - from) * d];
      LinearAlgebra.pack(x, null, from, to, d, chunks[b]);
    }
    return chunks;
  }

  /**
   * Runs {@code body} for each chunk index: sequentially under a native BLAS (it threads each dgemm
   * itself), in parallel under the pure-Java one (single-threaded per call).
   */
  static void forEachChunk(int chunks, LinearAlgebra la, java.util.function.IntConsumer body) {
    IntStream range = IntStream.range(0, chunks);
    (la.isNative() ? range : range.parallel()).forEach(body);
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

  /** A loop body over the indices {@code [from, to)}. */
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} on {@code [0, n)} split in as many parts as the machine has cores, at once:
   * the screening of a dgemm block, which would otherwise leave all cores but one idle between the
   * dgemm calls. Each part must write only its own indices' state.
   */
  static void inParts(int n, Range body) {
    int parts = Math.max(1, Math.min(n, ForkJoinPool.getCommonPoolParallelism() + 1));
    IntStream.range(0, parts)
        .parallel()
        .forEach(p -> body.run((int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)));
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
