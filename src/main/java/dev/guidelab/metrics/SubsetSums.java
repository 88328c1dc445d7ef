package dev.guidelab.metrics;

import java.util.stream.IntStream;

/**
 * KID's kernel sums over all its subsets at once ({@link KernelInceptionDistance}, kernel {@code
 * k(x, y) = (xᵀy/d + 1)³}): {@code Σ_{i<j} k(x_a, x_b)} over rows {@code a = idx[s][i], b =
 * idx[s][j]} of one set, and {@code Σ_{i,j} k(x_a, y_b)} across two, for every subset s. Two routes
 * give the same sums to rounding (≈ 1e-15 relative; SubsetSumsTest):
 *
 * <ul>
 *   <li><b>per subset</b>: each subset's m rows by one dsyrk (a dgemm across sets) — {@code
 *       subsets·m²} kernel values;
 *   <li><b>over all rows</b>: the kernel of every pair of rows once, in tiles, each tile summed
 *       into every subset that holds both rows by a dgemm with the subsets' 0/1 membership matrix —
 *       {@code N²} kernel values, the membership product adding {@code subsets/d} to each.
 * </ul>
 *
 * The cheaper one is taken, by flops: for the reference protocol's 100 subsets of 1,000 rows the
 * rows route while N is below about 10,000 (at N = 2,000 it computes 25× fewer kernel values), the
 * per-subset route above. Either is deterministic for the same rows, subsets and BLAS. Memory: two
 * row tiles and a kernel tile ({@link KernelInceptionDistance#KERNEL_TILE}), and for the rows route
 * the membership matrix, {@code N × subsets} doubles — at most 8 MB, since that route is taken only
 * while {@code N² < subsets·m²}.
 */
final class SubsetSums {

  private SubsetSums() {}

  /** Per subset s, {@code Σ_{i<j} k} over rows {@code idx[s]} of {@code x[0, n)}. */
  static double[] within(LinearAlgebra la, double[][] x, int n, int[][] idx) {
    int d = x[0].length;
    int m = idx[0].length;
    if (rowsRouteIsCheaper(n, n, idx.length, m, m, d)) {
      return withinOverRows(la, x, n, idx);
    }
    return perSubset(la, idx.length, s -> KernelInceptionDistance.withinSum(la, x, idx[s]));
  }

  /** Per subset s, {@code Σ_{i,j} k(x_a, y_b)} over rows {@code a ∈ xi[s]}, {@code b ∈ yi[s]}. */
  static double[] cross(LinearAlgebra la, double[][] x, int[][] xi, double[][] y, int[][] yi) {
    int subsets = xi.length;
    int d = x[0].length;
    if (rowsRouteIsCheaper(x.length, y.length, subsets, xi[0].length, yi[0].length, d)) {
      return crossOverRows(la, x, xi, y, yi);
    }
    return perSubset(la, subsets, s -> KernelInceptionDistance.crossSum(la, x, xi[s], y, yi[s]));
  }

  /**
   * Whether all {@code nx·ny} pairs of rows with the membership product cost fewer flops than the
   * subsets' own {@code mx·my} pairs each.
   */
  static boolean rowsRouteIsCheaper(int nx, int ny, int subsets, int mx, int my, int d) {
    return (double) nx * ny * (d + subsets) < (double) subsets * mx * my * d;
  }

  private static double[] perSubset(
      LinearAlgebra la, int subsets, java.util.function.IntToDoubleFunction sum) {
    // One subset at a time under a native BLAS (it threads each call), in parallel otherwise.
    IntStream range = IntStream.range(0, subsets);
    return (la.isNative() ? range : range.parallel()).mapToDouble(sum).toArray();
  }

  /** {@link #within} by the rows route. */
  static double[] withinOverRows(LinearAlgebra la, double[][] x, int n, int[][] idx) {
    double[] member = membership(idx, n);
    return overRows(la, x, n, member, x, n, member, idx.length, true);
  }

  /** {@link #cross} by the rows route. */
  static double[] crossOverRows(
      LinearAlgebra la, double[][] x, int[][] xi, double[][] y, int[][] yi) {
    return overRows(
        la,
        x,
        x.length,
        membership(xi, x.length),
        y,
        y.length,
        membership(yi, y.length),
        xi.length,
        false);
  }

  /** The 0/1 matrix {@code [n × subsets]}, column-major, of which subsets hold which row. */
  static double[] membership(int[][] idx, int n) {
    double[] member = new double[n * idx.length];
    for (int s = 0; s < idx.length; s++) {
      for (int r : idx[s]) {
        member[r + s * n] = 1;
      }
    }
    return member;
  }

  /**
   * The rows route: kernel tiles of rows {@code x[0, nx)} against {@code y[0, ny)} (with {@code
   * within}, y is x and only pairs {@code a < b} count), each tile's values {@code K} summed into
   * subset s as {@code Σ_a mx[a, s]·(K·my)[a, s]}.
   */
  private static double[] overRows(
      LinearAlgebra la,
      double[][] x,
      int nx,
      double[] mx,
      double[][] y,
      int ny,
      double[] my,
      int subsets,
      boolean within) {
    double[] t = new double[Math.min(KernelInceptionDistance.KERNEL_TILE, nx) * subsets];
    double[] sums = new double[subsets];
    KernelInceptionDistance.kernelTiles(
        la,
        x,
        null,
        nx,
        y,
        null,
        ny,
        within,
        (a0, an, b0, bn, k) -> {
          // t[an × subsets] = K[an × bn] · my[b0.., :]; then sums[s] += Σ_i mx[a0 + i, s]·t[i, s].
          la.products().kernelByMembership(k, an, bn, my, ny, b0, subsets, t);
          for (int s = 0; s < subsets; s++) {
            double sum = 0;
            for (int i = 0; i < an; i++) {
              if (mx[a0 + i + s * nx] != 0) {
                sum += t[i + s * an];
              }
            }
            sums[s] += sum;
          }
        });
    return sums;
  }
}
