package dev.guidelab.metrics;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import org.jboss.logging.Logger;
import org.netlib.util.intW;

/**
 * The linear algebra of the high-dimensional metrics: their {@link MatrixProducts} (BLAS, or
 * libtorch on the worker's GPU: {@link MetricProducts}) and LAPACK through dev.ludovic.netlib for
 * the eigen-decompositions and Cholesky factors, which stay on the host: native OpenBLAS/LAPACK
 * when Debian's {@code libopenblas0(-pthread)} and {@code liblapack3} are installed, netlib's
 * pure-Java implementation otherwise (logged once, on first use). Matrices are flat {@code
 * double[]} in column-major order, as LAPACK expects; a symmetric matrix reads the same either way.
 *
 * @param products the matrix products
 * @param lapack LAPACK implementation
 */
record LinearAlgebra(MatrixProducts products, LAPACK lapack) {

  private static final Logger LOG = Logger.getLogger(LinearAlgebra.class);

  private static final class Native {
    static final LAPACK LAPACK_INSTANCE = LAPACK.getInstance();

    static {
      LOG.infof(
          "linear algebra for the metrics: %s",
          new LinearAlgebra(MetricProducts.blas(), LAPACK_INSTANCE).describe());
      if (MetricProducts.blas().threadsItself() && System.getenv("OPENBLAS_CORETYPE") == null) {
        LOG.info(
            "OPENBLAS_CORETYPE is not set: OpenBLAS picks its kernels by CPU model and runs generic"
                + " SSE3 ones on models newer than it knows (metrics 2–5× slower);"
                + " ops/openblas-coretype prints the value for this CPU");
      }
    }
  }

  /** The products in use ({@link MetricProducts#inUse()}) and native LAPACK when available. */
  static LinearAlgebra best() {
    return new LinearAlgebra(MetricProducts.inUse(), Native.LAPACK_INSTANCE);
  }

  /** netlib's pure-Java implementations (the fallback), whatever is installed. */
  static LinearAlgebra pureJava() {
    return new LinearAlgebra(new BlasProducts(JavaBLAS.getInstance()), JavaLAPACK.getInstance());
  }

  /**
   * Whether the products thread themselves (native BLAS, libtorch; callers should not add threads).
   */
  boolean isNative() {
    return products.threadsItself();
  }

  /** e.g. "BLAS NativeBLAS, LAPACK NativeLAPACK". */
  String describe() {
    return products.describe() + ", LAPACK " + lapack.getClass().getSimpleName();
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
