package dev.guidelab.metrics;

/**
 * Fréchet distance between Gaussians (Dowson &amp; Landau 1982; FID, Heusel et al. 2017, Eq. 6;
 * docs/metrics.md): {@code FD = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr(Σ₁Σ₂)^{1/2}}, with the trace term
 * by the symmetric route {@code tr(Σ₁Σ₂)^{1/2} = Σ √max(λ(R Σ₂ R), 0)}, {@code R = Σ₁^{1/2}} from a
 * symmetric eigen-decomposition (negative eigenvalues clipped to 0). Both eigen-problems go to
 * LAPACK {@code dsyevd} (eigenvectors for the reference factor, eigenvalues only per evaluation)
 * and the products to BLAS {@code dgemm}, native OpenBLAS when installed, or the worker's GPU
 * ({@link LinearAlgebra}, {@link MatrixProducts}). The result is never clamped: identical inputs
 * may give ≈ −1e-15; clamp only for display.
 *
 * <p><b>Cholesky route.</b> When the reference covariance is positive definite, {@link Reference}
 * caches its Cholesky factor {@code Σ₁ = L Lᵀ} (dpotrf) instead: {@code Lᵀ Σ₂ L = L⁻¹(Σ₁Σ₂)L} has
 * the eigenvalues of {@code Σ₁Σ₂}, as {@code R Σ₂ R} does, and LAPACK's {@code dsygst} forms it
 * using the symmetry of {@code Σ₂} (about d³ flops) instead of two general products (4d³). A
 * singular reference (N ≤ d, exactly singular test matrices) keeps the eigen-decomposition route.
 *
 * <p>Eigenvalues within the eigen-solver's rounding floor {@code d·ε·max|λ|} of zero are taken as 0
 * as well: they carry no information (an exactly singular matrix yields ±1e-16 there), but their
 * square roots would add ~1e-8 to the trace. This keeps exactly singular covariances exact
 * (closed-form vectors, 1e-12) and changes any other result by at most {@code √(d·ε·max λ)} per
 * eigenvalue — the size of the rounding noise it removes.
 */
public final class FrechetDistance {

  private FrechetDistance() {}

  /** FD between {@code N(mu1, s1)} and {@code N(mu2, s2)}. */
  public static double between(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
    return between(mu1, s1, mu2, s2, LinearAlgebra.best());
  }

  /** With the given BLAS/LAPACK. */
  static double between(
      double[] mu1, double[][] s1, double[] mu2, double[][] s2, LinearAlgebra la) {
    return new Reference(mu1, s1, la).distanceTo(mu2, s2);
  }

  /**
   * A fixed reference Gaussian {@code N(μ₁, Σ₁)} with its Cholesky factor L (or, if Σ₁ is singular,
   * {@code R = Σ₁^{1/2}}) factored once; each {@link #distanceTo} is then two matrix products and
   * one eigenvalues-only solve. Immutable.
   */
  public static final class Reference {

    private final double[] mu1; // [d]
    private final LinearAlgebra la;
    private final double[] l; // d×d flat, lower Cholesky factor of Σ₁, or null if Σ₁ is singular
    private final double[] r; // d×d flat, R = Σ₁^{1/2} (symmetric), or null if l is set
    private final double trace1; // tr Σ₁

    public Reference(double[] mu, double[][] sigma) {
      this(mu, sigma, LinearAlgebra.best());
    }

    /** With the given BLAS/LAPACK (tests and benchmarks compare native and pure Java). */
    Reference(double[] mu, double[][] sigma, LinearAlgebra la) {
      this(mu, sigma, la, true);
    }

    /**
     * With the given BLAS/LAPACK, and the Cholesky route only if {@code cholesky} (tests and
     * benchmarks compare it with the eigen-decomposition route).
     */
    Reference(double[] mu, double[][] sigma, LinearAlgebra la, boolean cholesky) {
      int d = mu.length;
      requireShape(mu, sigma, "reference");
      this.la = la;
      this.mu1 = mu.clone();
      double tr = 0;
      for (int i = 0; i < d; i++) {
        tr += sigma[i][i];
      }
      this.trace1 = tr;
      double[] factor = flatten(sigma);
      if (cholesky && d > 0 && la.cholesky(factor, d)) {
        this.l = factor;
        this.r = null;
        return;
      }
      this.l = null;
      // R = V diag(√max(λ, 0)) Vᵀ = W Vᵀ with W = V diag(√λ); V column-major from dsyevd.
      double[] v = flatten(sigma);
      double[] root = clippedSqrt(la.decompose(v, d)); // [d]
      double[] w = new double[d * d];
      for (int k = 0; k < d; k++) {
        for (int i = 0; i < d; i++) {
          w[i + k * d] = v[i + k * d] * root[k];
        }
      }
      double[] rr = d > 0 ? la.products().multiplyTransposed(w, v, d) : new double[0];
      symmetrise(rr, d);
      this.r = rr;
    }

    /** Dimension d. */
    public int dim() {
      return mu1.length;
    }

    /** μ₁, {@code [d]} (a copy). */
    public double[] mean() {
      return mu1.clone();
    }

    /**
     * A fingerprint of μ₁ and tr Σ₁ (their bits, mixed), which a saved state records to refuse
     * being restored against another reference ({@link AccumulatorState}).
     */
    long fingerprint() {
      long h = mu1.length;
      for (double v : mu1) {
        h = h * 0x9E3779B97F4A7C15L + Double.doubleToRawLongBits(v);
      }
      h = h * 0x9E3779B97F4A7C15L + Double.doubleToRawLongBits(trace1);
      h ^= h >>> 33;
      h *= 0xFF51AFD7ED558CCDL;
      return h ^ (h >>> 33);
    }

    /** FD from this reference to {@code N(mu, sigma)}. */
    public double distanceTo(double[] mu, double[][] sigma) {
      int d = mu1.length;
      requireShape(mu, sigma, "compared");
      if (d != mu.length) {
        throw new IllegalArgumentException(
            "dimension " + mu.length + " differs from the reference dimension " + d);
      }
      // ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂.
      double fd = trace1;
      for (int i = 0; i < d; i++) {
        double diff = mu1[i] - mu[i];
        fd += diff * diff + sigma[i][i];
      }
      if (d == 0) {
        return fd;
      }
      // M = Lᵀ Σ₂ L (dsygst, lower triangle) or R Σ₂ R (dgemm, symmetrised), d×d; Σ₂ read as
      // symmetric.
      double[] m = flatten(sigma);
      if (l != null) {
        la.congruence(l, m, d);
      } else {
        m = la.products().multiply(la.products().multiply(r, m, d), r, d);
        symmetrise(m, d);
      }
      // tr(Σ₁Σ₂)^{1/2} = Σ √max(λ(M), 0), eigenvalues only (dsyevd, jobz = 'N').
      double traceSqrt = 0;
      for (double root : clippedSqrt(la.eigenvalues(m, d))) {
        traceSqrt += root;
      }
      return fd - 2 * traceSqrt;
    }
  }

  /** {@code [d][d]} → flat d² (row-major, which is column-major of the transpose). */
  private static double[] flatten(double[][] a) {
    int d = a.length;
    double[] out = new double[d * d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(a[i], 0, out, i * d, d);
    }
    return out;
  }

  /** {@code a ← (a + aᵀ)/2} in place, d×d flat. */
  private static void symmetrise(double[] a, int d) {
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double sym = 0.5 * (a[i + j * d] + a[j + i * d]);
        a[i + j * d] = sym;
        a[j + i * d] = sym;
      }
    }
  }

  /** √λ with λ ≤ d·ε·max|λ| (negative or rounding noise) taken as 0. */
  private static double[] clippedSqrt(double[] lambda) {
    double maxAbs = 0;
    for (double l : lambda) {
      maxAbs = Math.max(maxAbs, Math.abs(l));
    }
    double floor = lambda.length * Math.ulp(1.0) * maxAbs;
    double[] root = new double[lambda.length];
    for (int k = 0; k < lambda.length; k++) {
      root[k] = lambda[k] > floor ? Math.sqrt(lambda[k]) : 0;
    }
    return root;
  }

  private static void requireShape(double[] mu, double[][] sigma, String which) {
    if (sigma.length != mu.length) {
      throw new IllegalArgumentException(
          which + " covariance has " + sigma.length + " rows for a mean of dimension " + mu.length);
    }
    for (double[] row : sigma) {
      if (row.length != mu.length) {
        throw new IllegalArgumentException(
            which + " covariance is not " + mu.length + "×" + mu.length);
      }
    }
  }
}
