package dev.guidelab.metrics;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;

/**
 * {@link MatrixProducts} by BLAS through dev.ludovic.netlib (native OpenBLAS when installed, else
 * netlib's pure Java): one {@code dgemm} or {@code dsyrk} per product, which on a CPU is the
 * fastest route there is.
 *
 * @param blas BLAS implementation
 */
record BlasProducts(BLAS blas) implements MatrixProducts {

  @Override
  public void innerProducts(double[] a, int na, double[] b, int nb, int dim, double[] c) {
    blas.dgemm("T", "N", na, nb, dim, 1, a, dim, b, dim, 0, c, na);
  }

  @Override
  public void gram(double[] a, int na, int dim, double[] c) {
    blas.dsyrk("U", "T", na, dim, 1, a, dim, 0, c, na);
  }

  @Override
  public void addOuterProducts(double[] y, int k, int dim, double[] q) {
    // Row-major [k, dim] is column-major dim×k Y, and the row-major upper triangle of Q is the
    // column-major lower one: Q += Y Yᵀ.
    blas.dsyrk("L", "N", dim, k, 1, y, dim, 1, q, dim);
  }

  @Override
  public double[] multiply(double[] a, double[] b, int d) {
    double[] c = new double[d * d];
    blas.dgemm("N", "N", d, d, d, 1, a, Math.max(1, d), b, Math.max(1, d), 0, c, Math.max(1, d));
    return c;
  }

  @Override
  public double[] multiplyTransposed(double[] a, double[] b, int d) {
    double[] c = new double[d * d];
    blas.dgemm("N", "T", d, d, d, 1, a, Math.max(1, d), b, Math.max(1, d), 0, c, Math.max(1, d));
    return c;
  }

  @Override
  public void kernelByMembership(
      double[] k, int km, int kn, double[] m, int rows, int r0, int subsets, double[] t) {
    blas.dgemm("N", "N", km, subsets, kn, 1, k, 0, km, m, r0, rows, 0, t, 0, km);
  }

  @Override
  public void addKernelByMembership(
      double[] k,
      int km,
      int kn,
      double[] m,
      int rows,
      int r0,
      int subsets,
      double[] sums,
      int offset) {
    // [subsets × km] += Mᵀ·Kᵀ, column-major: the sums by row.
    blas.dgemm("T", "T", subsets, km, kn, 1, m, r0, rows, k, 0, km, 1, sums, offset, subsets);
  }

  @Override
  public boolean threadsItself() {
    return !(blas instanceof JavaBLAS);
  }

  @Override
  public String describe() {
    return "BLAS " + blas.getClass().getSimpleName();
  }
}
