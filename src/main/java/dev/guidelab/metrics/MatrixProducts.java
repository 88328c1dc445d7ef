package dev.guidelab.metrics;

/**
 * The matrix products the high-dimensional metrics spend their time in (docs/metrics.md, "Where the
 * products run"): the k-NN, kernel and realism/rarity scans' inner products of row blocks, the
 * moments' rank-k update, FD's d×d products and KID's kernel-by-membership sums. Each is declared
 * once here so that a worker can run them where its networks run: {@link BlasProducts} (BLAS, as
 * ever; the CPU) or the device implementation in {@code metrics.device} (libtorch float64, for a
 * GPU), chosen once per process ({@link MetricProducts}). Eigen-decompositions and Cholesky factors
 * (LAPACK, once per checkpoint) stay on the host ({@link LinearAlgebra}).
 *
 * <p>Matrices are flat {@code double[]}: a "row block" is {@code n × dim} row-major (which is
 * {@code dim × n} column-major), d×d matrices are column-major as LAPACK has them. Outputs may be
 * longer than the result; entries past it are left as they were. Implementations must be
 * thread-safe.
 */
public interface MatrixProducts {

  /**
   * Inner products of two row blocks: {@code c[i + j·na] = a_i · b_j} for rows {@code a_i} of
   * {@code a} ({@code na × dim}) and {@code b_j} of {@code b} ({@code nb × dim}); {@code a} and
   * {@code b} may be longer than their blocks.
   */
  void innerProducts(double[] a, int na, double[] b, int nb, int dim, double[] c);

  /**
   * Inner products of a row block with itself, {@code c[i + j·na] = a_i · a_j}, for {@code i ≤ j}
   * only (the upper triangle; below it {@code c} is left as it was): half the flops of {@link
   * #innerProducts} where a symmetric kernel exists.
   */
  void gram(double[] a, int na, int dim, double[] c);

  /**
   * The moments' rank-k update: {@code q[a·dim + b] += Σ_i y_i[a]·y_i[b]} for {@code a ≤ b} (the
   * row-major upper triangle of {@code Q += YᵀY}; below it {@code q} is left as it was), for the
   * {@code k} rows of {@code y} ({@code k × dim}).
   */
  void addOuterProducts(double[] y, int k, int dim, double[] q);

  /** {@code A·B} for {@code d×d} column-major matrices, a new array. */
  double[] multiply(double[] a, double[] b, int d);

  /** {@code A·Bᵀ} for {@code d×d} column-major matrices, a new array. */
  double[] multiplyTransposed(double[] a, double[] b, int d);

  /**
   * A kernel tile summed into subsets: {@code t = K·M[r0, r0 + kn)}, {@code t} ({@code km ×
   * subsets}, column-major) overwritten, for the kernel tile {@code K} ({@code km × kn},
   * column-major) and rows {@code [r0, r0 + kn)} of the 0/1 membership matrix {@code M} ({@code
   * rows × subsets}, column-major).
   */
  void kernelByMembership(
      double[] k, int km, int kn, double[] m, int rows, int r0, int subsets, double[] t);

  /**
   * As {@link #kernelByMembership}, added into {@code sums} by row: {@code sums[offset + i·subsets
   * + s] += (K·M[r0, r0 + kn))[i, s]}. By default that product, transposed into {@code sums} on the
   * host ({@code km × subsets} values); BLAS writes it there in the same call.
   */
  default void addKernelByMembership(
      double[] k,
      int km,
      int kn,
      double[] m,
      int rows,
      int r0,
      int subsets,
      double[] sums,
      int offset) {
    double[] t = new double[km * subsets];
    kernelByMembership(k, km, kn, m, rows, r0, subsets, t);
    for (int i = 0; i < km; i++) {
      for (int s = 0; s < subsets; s++) {
        sums[offset + i * subsets + s] += t[s * km + i];
      }
    }
  }

  /**
   * Whether the products thread themselves (native BLAS, libtorch): callers then issue them one at
   * a time and add no threads of their own.
   */
  boolean threadsItself();

  /** Where the products run, e.g. "BLAS NativeBLAS" or "libtorch float64 on cuda:0". */
  String describe();
}
