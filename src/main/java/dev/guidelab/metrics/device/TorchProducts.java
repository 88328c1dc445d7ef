package dev.guidelab.metrics.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.metrics.MatrixProducts;
import java.nio.DoubleBuffer;

/**
 * The metrics' {@link MatrixProducts} on a libtorch device in float64 (docs/metrics.md, "Where the
 * products run"): each call uploads its operands, multiplies them there ({@code matmul}) and
 * downloads the result into the caller's array, so a GPU worker's metrics run their products beside
 * its networks. Float64 keeps every metric within about 1e-12 relative of BLAS (the same products
 * summed in another order; {@code TorchProductsTest}, {@code DeviceMetricsTest}). On a CPU, BLAS is
 * faster, and the worker keeps it ({@link MetricDevice}).
 *
 * <p>Every array of a call lives in a sub-manager of the given manager, closed before the call
 * returns: nothing outlives it on the device. Row-major host blocks are read by libtorch as they
 * are; a column-major d×d matrix is read as its transpose, which the products account for.
 * Symmetric outputs ({@link #gram}, {@link #addOuterProducts}) come back whole and only the
 * triangle asked for is written: libtorch has no symmetric rank-k product. KID's sums by row
 * ({@link #addKernelByMembership}) are the interface's default, {@link #kernelByMembership}
 * transposed on the host: libtorch's float64 matmul of two transposed operands costs several times
 * more.
 */
public final class TorchProducts implements MatrixProducts {

  private final NDManager base;

  /** Products on {@code base}'s device, in sub-managers of {@code base}. */
  public TorchProducts(NDManager base) {
    this.base = base;
  }

  @Override
  public void innerProducts(double[] a, int na, double[] b, int nb, int dim, double[] c) {
    if (na == 0 || nb == 0) {
      return;
    }
    try (NDManager m = base.newSubManager()) {
      // [nb, na] row-major is c's na×nb column-major.
      download(matrix(m, b, nb, dim).matMul(matrix(m, a, na, dim).transpose()), c, 0);
    }
  }

  @Override
  public void gram(double[] a, int na, int dim, double[] c) {
    if (na == 0) {
      return;
    }
    try (NDManager m = base.newSubManager()) {
      NDArray x = matrix(m, a, na, dim);
      DoubleBuffer g = doubles(x.matMul(x.transpose()));
      for (int j = 0; j < na; j++) {
        g.position(j * na);
        g.get(c, j * na, j + 1); // c[i + j·na] for i ≤ j
      }
    }
  }

  @Override
  public void addOuterProducts(double[] y, int k, int dim, double[] q) {
    if (k == 0) {
      return;
    }
    try (NDManager m = base.newSubManager()) {
      NDArray x = matrix(m, y, k, dim);
      DoubleBuffer p = doubles(x.transpose().matMul(x));
      double[] row = new double[dim];
      for (int a = 0; a < dim; a++) {
        p.position(a * dim + a);
        p.get(row, a, dim - a); // row a from the diagonal on, in bulk
        for (int b = a; b < dim; b++) {
          q[a * dim + b] += row[b];
        }
      }
    }
  }

  @Override
  public double[] multiply(double[] a, double[] b, int d) {
    double[] c = new double[d * d];
    if (d > 0) {
      try (NDManager m = base.newSubManager()) {
        // Read row-major, a column-major matrix is its transpose: Cᵀ = Bᵀ·Aᵀ.
        download(matrix(m, b, d, d).matMul(matrix(m, a, d, d)), c, 0);
      }
    }
    return c;
  }

  @Override
  public double[] multiplyTransposed(double[] a, double[] b, int d) {
    double[] c = new double[d * d];
    if (d > 0) {
      try (NDManager m = base.newSubManager()) {
        // (A·Bᵀ)ᵀ = B·Aᵀ.
        download(matrix(m, b, d, d).transpose().matMul(matrix(m, a, d, d)), c, 0);
      }
    }
    return c;
  }

  @Override
  public void kernelByMembership(
      double[] k, int km, int kn, double[] m, int rows, int r0, int subsets, double[] t) {
    if (km == 0 || subsets == 0) {
      return;
    }
    try (NDManager sub = base.newSubManager()) {
      download(bySubset(sub, k, km, kn, m, rows, r0, subsets), t, 0);
    }
  }

  /**
   * {@code (K·M[r0, r0 + kn))ᵀ}, {@code [subsets, km]} row-major (which is {@code km × subsets}
   * column-major): {@code M[r0, r0 + kn)ᵀ · Kᵀ}, both read row-major as they are.
   */
  private static NDArray bySubset(
      NDManager sub, double[] k, int km, int kn, double[] m, int rows, int r0, int subsets) {
    return membershipRows(sub, m, rows, r0, kn, subsets).matMul(matrix(sub, k, kn, km));
  }

  @Override
  public boolean threadsItself() {
    return true;
  }

  @Override
  public String describe() {
    return "libtorch float64 on " + DjlEngine.nameOf(base.getDevice());
  }

  /** The first {@code rows·cols} values of {@code flat} as a {@code [rows, cols]} float64 array. */
  private static NDArray matrix(NDManager m, double[] flat, int rows, int cols) {
    return m.create(
        DoubleBuffer.wrap(flat, 0, rows * cols), new Shape(rows, cols), DataType.FLOAT64);
  }

  /**
   * Rows {@code [r0, r0 + n)} of the column-major {@code rows × subsets} matrix {@code m},
   * transposed: {@code [subsets, n]}, each subset's rows contiguous, so only they are uploaded.
   */
  private static NDArray membershipRows(
      NDManager sub, double[] m, int rows, int r0, int n, int subsets) {
    double[] picked = new double[subsets * n];
    for (int s = 0; s < subsets; s++) {
      System.arraycopy(m, r0 + s * rows, picked, s * n, n);
    }
    return matrix(sub, picked, subsets, n);
  }

  private static DoubleBuffer doubles(NDArray x) {
    return x.toByteBuffer().asDoubleBuffer();
  }

  private static void download(NDArray x, double[] out, int offset) {
    doubles(x).get(out, offset, Math.toIntExact(x.size()));
  }
}
