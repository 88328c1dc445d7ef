package dev.guidelab.metrics;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import org.jboss.logging.Logger;
import org.netlib.util.intW;

/**
 * BLAS/LAPACK for the high-dimensional metrics through dev.ludovic.netlib: native OpenBLAS/LAPACK
 * when Debian's {@code libopenblas0(-pthread)} and {@code liblapack3} are installed, netlib's
 * pure-Java implementation otherwise (logged once, on first use). Matrices are flat {@code
 * double[]} in column-major order, as LAPACK expects; a symmetric matrix reads the same either way.
 *
 * @param blas BLAS implementation
 * @param lapack LAPACK implementation
 */
record LinearAlgebra(BLAS blas, LAPACK lapack) {

  private static final Logger LOG = Logger.getLogger(LinearAlgebra.class);

  private static final class Best {
    static final LinearAlgebra INSTANCE =
        new LinearAlgebra(BLAS.getInstance(), LAPACK.getInstance());

    static {
      LOG.infof("linear algebra for the metrics: %s", INSTANCE.describe());
      if (INSTANCE.isNative() && System.getenv("OPENBLAS_CORETYPE") == null) {
        LOG.info(
            "OPENBLAS_CORETYPE is not set: OpenBLAS picks its kernels by CPU model and runs generic"
                + " SSE3 ones on models newer than it knows (metrics 2–5× slower);"
                + " ops/openblas-coretype prints the value for this CPU");
      }
    }
  }

  /** Native when available, else pure Java; logged once. */
  static LinearAlgebra best() {
    return Best.INSTANCE;
  }

  /** netlib's pure-Java implementations (the fallback), whatever is installed. */
  static LinearAlgebra pureJava() {
    return new LinearAlgebra(JavaBLAS.getInstance(), JavaLAPACK.getInstance());
  }

  /** Whether the BLAS is native (it then threads itself; callers should not add threads). */
  boolean isNative() {
    return !(blas instanceof JavaBLAS);
  }

  /** e.g. "BLAS NativeBLAS, LAPACK NativeLAPACK". */
  String describe() {
    return "BLAS "
        + blas.getClass().getSimpleName()
        + ", LAPACK "
        + lapack.getClass().getSimpleName();
  }

  /**
   * Eigenvalues (ascending) of symmetric {@code a} ({@code d×d}, overwritten; only its lower
   * triangle is read), by dsyevd.
   */
  double[] eigenvalues(double[] a, int d) {
    return syevd("N", a, d);
  }

  /**
   * Eigenvalues (ascending, returned) and eigenvectors (overwriting {@code a}: column {@code j},
   * i.e. {@code a[i + j·d]}, belongs to eigenvalue {@code j}) of symmetric {@code a}, by dsyevd.
   */
  double[] decompose(double[] a, int d) {
    return syevd("V", a, d);
  }

  private double[] syevd(String jobz, double[] a, int d) {
    double[] w = new double[d];
    if (d == 0) {
      return w;
    }
    intW info = new intW(0);
    double[] workSize = new double[1];
    int[] iworkSize = new int[1];
    lapack.dsyevd(jobz, "L", d, a, Math.max(1, d), w, workSize, -1, iworkSize, -1, info);
    check(info, "dsyevd workspace query");
    double[] work = new double[(int) workSize[0]];
    int[] iwork = new int[Math.max(1, iworkSize[0])];
    lapack.dsyevd(jobz, "L", d, a, Math.max(1, d), w, work, work.length, iwork, iwork.length, info);
    check(info, "dsyevd");
    return w;
  }

  private static void check(intW info, String what) {
    if (info.val != 0) {
      throw new ArithmeticException(what + " failed, info = " + info.val);
    }
  }

  /**
   * Lower Cholesky factor {@code A = L Lᵀ} of symmetric {@code a} ({@code d×d}, overwritten by L
   * with its strict upper triangle zeroed), by dpotrf; false (and {@code a} garbage) if {@code a}
   * is not numerically positive definite.
   */
  boolean cholesky(double[] a, int d) {
    intW info = new intW(0);
    lapack.dpotrf("L", d, a, Math.max(1, d), info);
    if (info.val < 0) {
      check(info, "dpotrf");
    }
    if (info.val > 0) {
      return false;
    }
    for (int j = 1; j < d; j++) {
      java.util.Arrays.fill(a, j * d, j * d + j, 0);
    }
    return true;
  }

  /**
   * {@code s ← Lᵀ s L} for lower-triangular {@code l} and symmetric {@code s} ({@code d×d},
   * column-major), by dsygst (itype 2), which uses the symmetry of {@code s}: about d³ flops
   * against 2d³ for two dtrmm and 4d³ for two dgemm. Only the lower triangle of {@code s} is read
   * and written: the result is its lower triangle, as {@link #eigenvalues} reads it.
   */
  void congruence(double[] l, double[] s, int d) {
    int ld = Math.max(1, d);
    intW info = new intW(0);
    lapack.dsygst(2, "L", d, s, ld, l, ld, info);
    check(info, "dsygst");
  }

  /** {@code C = A·B} for {@code d×d} column-major (or both symmetric) matrices. */
  double[] multiply(double[] a, double[] b, int d) {
    double[] c = new double[d * d];
    blas.dgemm("N", "N", d, d, d, 1, a, Math.max(1, d), b, Math.max(1, d), 0, c, Math.max(1, d));
    return c;
  }

  /**
   * Inner products of two row blocks: {@code c[i + j·na] = a_i · b_j} for {@code a} ({@code
   * na×dim}, row-major flat) and {@code b} ({@code nb×dim}, row-major flat); {@code c} has ≥ na·nb
   * entries.
   */
  void innerProducts(double[] a, int na, double[] b, int nb, int dim, double[] c) {
    blas.dgemm("T", "N", na, nb, dim, 1, a, dim, b, dim, 0, c, na);
  }

  /**
   * Inner products of a row block with itself: {@code c[i + j·na] = a_i · a_j} for {@code i ≤ j}
   * (the upper triangle; below it {@code c} is left as it was), by dsyrk: half the flops of {@link
   * #innerProducts}.
   */
  void gram(double[] a, int na, int dim, double[] c) {
    blas.dsyrk("U", "T", na, dim, 1, a, dim, 0, c, na);
  }

  /**
   * Rows {@code idx[from..to)} (or {@code from..to} if idx is null) of {@code x} ({@code [N][d]})
   * packed row-major into {@code out}.
   */
  static void pack(double[][] x, int[] idx, int from, int to, int d, double[] out) {
    for (int i = from; i < to; i++) {
      System.arraycopy(x[idx == null ? i : idx[i]], 0, out, (i - from) * d, d);
    }
  }
}
