package dev.guidelab.toynet;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.MixtureComponent;
import java.util.random.RandomGenerator;

/**
 * Exact draws and exact scores of a toy mixture at a per-sample noise level, for training
 * (docs/toy.md, "Ground truth"): {@code p(x;σ) = Σ_k φ_k N(x; μ_k, C_k)}, {@code C_k = Σ_k + σ²I},
 * {@code ∇log p = Σ_k r_k C_k⁻¹(μ_k − x)}.
 *
 * <p>{@link GaussianMixture} precomputes a whole {@code NoiseLevel} per σ, which is right for a
 * sampler (one σ per batch) but costs a table per sample when every sample has its own σ. This
 * computes each sample directly: responsibilities {@code r_k ∝ φ_k det(C_k)^{−½} exp(−½(q_k −
 * q_min))} with {@code q_k = (x − μ_k)ᵀC_k⁻¹(x − μ_k)} — the shift by {@code q_min} keeps the
 * nearest component at {@code exp(0)}, and {@code det C_k ∈ [σ⁴, 1]} bounds the prefactors, so
 * nothing over- or underflows. {@link #draw} repeats {@code GaussianMixture.drawNoisy}'s arithmetic
 * and draw order exactly (same samples bit for bit). Immutable, thread-safe.
 */
final class NoisyMixture {

  /** Components with {@code q_k − q_min} above this add less than e⁻¹⁰⁰·10⁷ relative: skipped. */
  private static final double NEGLIGIBLE_Q = 200;

  final int size;
  private final double[] phi; // [K] normalised weights
  private final double[] cumulative; // [K] running sum of φ
  private final double[] mu0; // [K]
  private final double[] mu1; // [K]
  private final double[] s00; // [K]
  private final double[] s01; // [K]
  private final double[] s11; // [K]

  NoisyMixture(GaussianMixture mixture) {
    size = mixture.size();
    phi = new double[size];
    cumulative = new double[size];
    mu0 = new double[size];
    mu1 = new double[size];
    s00 = new double[size];
    s01 = new double[size];
    s11 = new double[size];
    double running = 0;
    for (int k = 0; k < size; k++) {
      MixtureComponent c = mixture.component(k);
      phi[k] = c.phi();
      running += c.phi();
      cumulative[k] = running;
      mu0[k] = c.mu0();
      mu1[k] = c.mu1();
      s00[k] = c.s00();
      s01[k] = c.s01();
      s11[k] = c.s11();
    }
  }

  /**
   * Draws one exact sample of {@code p(x;σ)} into {@code out[offset..offset+2)}: one {@code
   * nextDouble} picks component k by weight, two {@code nextGaussian} give {@code μ_k +
   * chol(C_k)·n}. Returns k.
   */
  int draw(RandomGenerator rng, double sigma, double[] out, int offset) {
    int k = componentAt(rng.nextDouble());
    double n0 = rng.nextGaussian();
    double n1 = rng.nextGaussian();
    double sigma2 = sigma * sigma;
    // L Lᵀ = Σ_k + σ²I.
    double l00 = Math.sqrt(s00[k] + sigma2);
    double l10 = s01[k] / l00;
    double l11 = Math.sqrt(s11[k] + sigma2 - l10 * l10);
    out[offset] = mu0[k] + l00 * n0;
    out[offset + 1] = mu1[k] + l10 * n0 + l11 * n1;
    return k;
  }

  /**
   * Exact score {@code ∇log p(x;σ)} at one point into {@code out[offset..offset+2)}; {@code
   * scratch} is a {@code [2K]} work array.
   */
  void score(double x0, double x1, double sigma, double[] out, int offset, double[] scratch) {
    double sigma2 = sigma * sigma;
    // Mahalanobis terms q_k and determinants det C_k; their minimum.
    double qMin = Double.POSITIVE_INFINITY;
    for (int k = 0; k < size; k++) {
      double c00 = s00[k] + sigma2;
      double c11 = s11[k] + sigma2;
      double c01 = s01[k];
      double det = c00 * c11 - c01 * c01;
      double d0 = x0 - mu0[k];
      double d1 = x1 - mu1[k];
      double q = (c11 * d0 * d0 - 2 * c01 * d0 * d1 + c00 * d1 * d1) / det;
      scratch[2 * k] = q;
      scratch[2 * k + 1] = det;
      if (q < qMin) {
        qMin = q;
      }
    }
    // ∇log p = Σ_k e_k C_k⁻¹(μ_k − x) / Σ_k e_k with e_k = φ_k det^{−½} exp(−½(q_k − q_min)).
    double z = 0;
    double g0 = 0;
    double g1 = 0;
    for (int k = 0; k < size; k++) {
      double q = scratch[2 * k];
      if (q - qMin > NEGLIGIBLE_Q) {
        continue;
      }
      double det = scratch[2 * k + 1];
      double e = phi[k] / Math.sqrt(det) * Math.exp(-0.5 * (q - qMin));
      double d0 = mu0[k] - x0;
      double d1 = mu1[k] - x1;
      double c00 = s00[k] + sigma2;
      double c11 = s11[k] + sigma2;
      double c01 = s01[k];
      z += e;
      g0 += e * (c11 * d0 - c01 * d1) / det;
      g1 += e * (c00 * d1 - c01 * d0) / det;
    }
    out[offset] = g0 / z;
    out[offset + 1] = g1 / z;
  }

  /** Mean {@code (μ₀, μ₁)} and covariance of component k (to match components across mixtures). */
  double[] key(int k) {
    return new double[] {mu0[k], mu1[k], s00[k], s01[k], s11[k]};
  }

  private int componentAt(double u) {
    // First k with cumulative φ > u, as GaussianMixture does.
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
