package dev.guidelab.metrics;

/**
 * Fréchet distance between Gaussians (Dowson &amp; Landau 1982; FID, Heusel et al. 2017, Eq. 6;
 * spec/metrics.md): {@code FD = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr(Σ₁Σ₂)^{1/2}}, with the trace term
 * by the symmetric route {@code tr(Σ₁Σ₂)^{1/2} = Σ √max(λ(R Σ₂ R), 0)}, {@code R = Σ₁^{1/2}} from a
 * symmetric eigen-decomposition (negative eigenvalues clipped to 0). The result is never clamped:
 * identical inputs may give ≈ −1e-15; clamp only for display.
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
    return new Reference(mu1, s1).distanceTo(mu2, s2);
  }

  /**
   * A fixed reference Gaussian {@code N(μ₁, Σ₁)} with {@code R = Σ₁^{1/2}} factored once; each
   * {@link #distanceTo} is then two matrix products and one eigenvalues-only solve. Immutable.
   */
  public static final class Reference {

    private final double[] mu1; // [d]
    private final double[][] r; // [d][d] R = Σ₁^{1/2}
    private final double trace1; // tr Σ₁

    public Reference(double[] mu, double[][] sigma) {
      int d = mu.length;
      requireShape(mu, sigma, "reference");
      this.mu1 = mu.clone();
      double tr = 0;
      for (int i = 0; i < d; i++) {
        tr += sigma[i][i];
      }
      this.trace1 = tr;
      // R = V diag(√max(λ, 0)) Vᵀ.
      SymmetricEigen.Decomposition e = SymmetricEigen.decompose(sigma);
      double[] root = clippedSqrt(e.values()); // [d]
      double[][] v = e.vectors();
      this.r = new double[d][d];
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          double sum = 0;
          for (int k = 0; k < d; k++) {
            sum += v[i][k] * root[k] * v[j][k];
          }
          r[i][j] = sum;
          r[j][i] = sum;
        }
      }
    }

    /** Dimension d. */
    public int dim() {
      return mu1.length;
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
      // M = R Σ₂ R, symmetrised, [d][d].
      double[][] rs = multiply(r, sigma);
      double[][] m = multiply(rs, r);
      for (int i = 0; i < d; i++) {
        for (int j = i + 1; j < d; j++) {
          double sym = 0.5 * (m[i][j] + m[j][i]);
          m[i][j] = sym;
          m[j][i] = sym;
        }
      }
      // tr(Σ₁Σ₂)^{1/2} = Σ √max(λ(M), 0).
      double traceSqrt = 0;
      for (double root : clippedSqrt(SymmetricEigen.eigenvalues(m))) {
        traceSqrt += root;
      }
      return fd - 2 * traceSqrt;
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

  private static double[][] multiply(double[][] a, double[][] b) {
    int d = a.length;
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        double aik = a[i][k];
        for (int j = 0; j < d; j++) {
          c[i][j] += aik * b[k][j];
        }
      }
    }
    return c;
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
