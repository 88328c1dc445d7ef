package dev.guidelab.toy;

/**
 * Per-σ precomputation for {@link GaussianMixture}: for every component the precision {@code P_k =
 * (Σ_k + σ²I)⁻¹}, the log-normaliser {@code log φ_k − log 2π − ½ log det(Σ_k + σ²I)}, and the
 * Cholesky factor of {@code Σ_k + σ²I}. One array per quantity (structure of arrays), so the
 * log-term loop is plain array arithmetic the JIT can vectorise.
 */
final class NoiseLevel {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  final double sigma;
  final double[] mu0; // [K]
  final double[] mu1; // [K]
  final double[] p00; // [K] P₀₀
  final double[] p01; // [K] P₀₁ = P₁₀
  final double[] p11; // [K] P₁₁
  final double[] logNorm; // [K] log φ_k − log 2π − ½ log det(Σ_k + σ²I)
  final double[] cholesky; // [K, 3] L₀₀, L₁₀, L₁₁

  NoiseLevel(double sigma, double[] phi, double[] mu, double[] cov) {
    this.sigma = sigma;
    int size = phi.length;
    mu0 = new double[size];
    mu1 = new double[size];
    p00 = new double[size];
    p01 = new double[size];
    p11 = new double[size];
    logNorm = new double[size];
    cholesky = new double[3 * size];
    double sigma2 = sigma * sigma;
    for (int k = 0; k < size; k++) {
      // C = Σ_k + σ²I.
      double c00 = cov[3 * k] + sigma2;
      double c01 = cov[3 * k + 1];
      double c11 = cov[3 * k + 2] + sigma2;
      double det = c00 * c11 - c01 * c01;
      mu0[k] = mu[2 * k];
      mu1[k] = mu[2 * k + 1];
      // P = C⁻¹ (2×2 adjugate).
      p00[k] = c11 / det;
      p01[k] = -c01 / det;
      p11[k] = c00 / det;
      logNorm[k] = Math.log(phi[k]) - LOG_2PI - 0.5 * Math.log(det);
      // L Lᵀ = C.
      double l00 = Math.sqrt(c00);
      double l10 = c01 / l00;
      cholesky[3 * k] = l00;
      cholesky[3 * k + 1] = l10;
      cholesky[3 * k + 2] = Math.sqrt(c11 - l10 * l10);
    }
  }
}
