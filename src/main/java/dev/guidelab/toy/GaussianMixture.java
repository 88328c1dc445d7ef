package dev.guidelab.toy;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A 2-D Gaussian mixture under diffusion noise (docs/toy.md, "Ground truth"):
 *
 * <pre>p(x;σ) = Σ_k φ_k N(x; μ_k, Σ_k + σ²I),   ∇log p(x;σ) = Σ_k r_k (Σ_k + σ²I)⁻¹(μ_k − x),</pre>
 *
 * with responsibilities {@code r_k ∝ φ_k N_k(x)} and ideal denoiser {@code D*(x;σ) = x + σ²∇log p}.
 * Everything is float64 with log-sum-exp.
 *
 * <p>Per noise level the per-component precision {@code P_k = (Σ_k + σ²I)⁻¹}, log-normaliser and
 * Cholesky factor are precomputed once ({@link NoiseLevel}); σ = 0 is kept permanently and the last
 * other σ is cached, so the inner loop is a few multiply-adds plus one {@code exp} per component.
 * Instances are immutable apart from that cache and safe to share between threads.
 */
public final class GaussianMixture {

  /**
   * Components whose log-term lies more than this below the largest are skipped in the sum: each
   * adds less than e⁻⁶⁰ ≈ 9e-27 relative to a sum ≥ 1, so even 2032 of them stay far below one ulp.
   */
  private static final double NEGLIGIBLE = 60;

  private final int size; // K
  private final double[] phi; // [K] normalised weights
  private final double[] mu; // [K, 2]
  private final double[] sigma; // [K, 3] Σ₀₀, Σ₀₁, Σ₁₁
  private final double[] cumulativePhi; // [K] running sum of φ, last = 1
  private final NoiseLevel clean;
  private volatile NoiseLevel last;

  /** Builds the mixture; weights are normalised to sum to 1. */
  public GaussianMixture(List<MixtureComponent> components) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a mixture needs at least one component");
    }
    size = components.size();
    phi = new double[size];
    mu = new double[2 * size];
    sigma = new double[3 * size];
    double total = 0;
    for (MixtureComponent c : components) {
      total += c.phi();
    }
    for (int k = 0; k < size; k++) {
      MixtureComponent c = components.get(k);
      phi[k] = c.phi() / total;
      mu[2 * k] = c.mu0();
      mu[2 * k + 1] = c.mu1();
      sigma[3 * k] = c.s00();
      sigma[3 * k + 1] = c.s01();
      sigma[3 * k + 2] = c.s11();
    }
    cumulativePhi = new double[size];
    double running = 0;
    for (int k = 0; k < size; k++) {
      running += phi[k];
      cumulativePhi[k] = running;
    }
    clean = new NoiseLevel(0, phi, mu, sigma);
    last = clean;
  }

  /** Number of components K. */
  public int size() {
    return size;
  }

  /** Normalised weight φ_k. */
  public double weight(int k) {
    return phi[k];
  }

  /** Component {@code k} with its normalised weight φ_k. */
  public MixtureComponent component(int k) {
    return new MixtureComponent(
        phi[k], mu[2 * k], mu[2 * k + 1], sigma[3 * k], sigma[3 * k + 1], sigma[3 * k + 2]);
  }

  /** {@code log p(x;σ)} in float64 log-sum-exp. */
  public double logDensity(double x0, double x1, double sigma) {
    return logDensity(level(sigma), x0, x1, new double[size]);
  }

  /**
   * {@code log p(x;0)} for each sample of {@code x} ({@code [n, 2]} row-major); returns {@code
   * [n]}.
   */
  public double[] logDensities(double[] x) {
    int n = x.length / 2;
    double[] logP = new double[n]; // [n]
    double[] ell = new double[size]; // [K] scratch
    for (int i = 0; i < n; i++) {
      logP[i] = logDensity(clean, x[2 * i], x[2 * i + 1], ell);
    }
    return logP;
  }

  /**
   * Ideal denoiser {@code D*(x;σ) = x + σ²·Σ_k r_k P_k(μ_k − x)} (docs/toy.md) for a batch.
   *
   * @param x noisy samples {@code [n, 2]} row-major; not modified
   * @return {@code [n, 2]}
   */
  public double[] denoise(double[] x, double sigma) {
    NoiseLevel level = level(sigma);
    double[] ell = new double[size]; // [K] scratch: ℓ_k = log φ_k N(x; μ_k, Σ_k + σ²I)
    double[] d = new double[x.length]; // [n, 2]
    double sigma2 = sigma * sigma;
    for (int i = 0; i < x.length; i += 2) {
      double x0 = x[i];
      double x1 = x[i + 1];
      // Log-terms ℓ_k and their maximum.
      double max = fillLogTerms(level, x0, x1, ell);
      // Score ∇log p = Σ_k e^{ℓ_k − max} P_k(μ_k − x) / Σ_k e^{ℓ_k − max}.
      double z = 0;
      double g0 = 0;
      double g1 = 0;
      double cutoff = max - NEGLIGIBLE;
      for (int k = 0; k < size; k++) {
        if (ell[k] > cutoff) {
          double e = Math.exp(ell[k] - max);
          double d0 = level.mu0[k] - x0;
          double d1 = level.mu1[k] - x1;
          z += e;
          g0 += e * (level.p00[k] * d0 + level.p01[k] * d1);
          g1 += e * (level.p01[k] * d0 + level.p11[k] * d1);
        }
      }
      // Tweedie: D = x + σ²·score.
      d[i] = x0 + sigma2 * (g0 / z);
      d[i + 1] = x1 + sigma2 * (g1 / z);
    }
    return d;
  }

  /** Index of the component with the largest responsibility {@code r_k} at {@code x}, at σ = 0. */
  public int mostResponsibleComponent(double x0, double x1) {
    double[] ell = new double[size]; // [K]
    fillLogTerms(clean, x0, x1, ell);
    int best = 0;
    for (int k = 1; k < size; k++) {
      if (ell[k] > ell[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Exact mean {@code Σ_k φ_k μ_k}, {@code [2]}. */
  public double[] mean() {
    double m0 = 0;
    double m1 = 0;
    for (int k = 0; k < size; k++) {
      m0 += phi[k] * mu[2 * k];
      m1 += phi[k] * mu[2 * k + 1];
    }
    return new double[] {m0, m1};
  }

  /** Exact covariance {@code Σ_k φ_k (Σ_k + (μ_k − m)(μ_k − m)ᵀ)} at σ = 0, {@code [2][2]}. */
  public double[][] covariance() {
    double[] m = mean();
    double c00 = 0;
    double c01 = 0;
    double c11 = 0;
    for (int k = 0; k < size; k++) {
      double d0 = mu[2 * k] - m[0];
      double d1 = mu[2 * k + 1] - m[1];
      c00 += phi[k] * (sigma[3 * k] + d0 * d0);
      c01 += phi[k] * (sigma[3 * k + 1] + d0 * d1);
      c11 += phi[k] * (sigma[3 * k + 2] + d1 * d1);
    }
    return new double[][] {{c00, c01}, {c01, c11}};
  }

  /**
   * Draws one exact sample of {@code p(x;σ)} into {@code out[offset], out[offset+1]}: component k
   * by weight, then {@code μ_k + chol(Σ_k + σ²I)·n}. Draw order: one {@code nextDouble}
   * (component), then two {@code nextGaussian} (n₀, n₁).
   */
  public void drawNoisy(RandomGenerator rng, double sigma, double[] out, int offset) {
    NoiseLevel level = level(sigma);
    // Component by weight.
    int k = componentAt(rng.nextDouble());
    // μ + L·n with L = chol(Σ_k + σ²I).
    double n0 = rng.nextGaussian();
    double n1 = rng.nextGaussian();
    double[] l = level.cholesky; // [K, 3] L₀₀, L₁₀, L₁₁
    out[offset] = mu[2 * k] + l[3 * k] * n0;
    out[offset + 1] = mu[2 * k + 1] + l[3 * k + 1] * n0 + l[3 * k + 2] * n1;
  }

  private int componentAt(double u) {
    // First k with cumulative φ > u (binary search); rounding can leave the total a hair below 1.
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulativePhi[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private NoiseLevel level(double sigma) {
    if (sigma == 0) {
      return clean;
    }
    NoiseLevel cached = last;
    if (cached.sigma != sigma) {
      cached = new NoiseLevel(sigma, phi, mu, this.sigma);
      last = cached;
    }
    return cached;
  }

  private double logDensity(NoiseLevel level, double x0, double x1, double[] ell) {
    if (Double.isNaN(x0) || Double.isNaN(x1)) {
      return Double.NaN;
    }
    double max = fillLogTerms(level, x0, x1, ell);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    // log Σ_k e^{ℓ_k} = max + log Σ_k e^{ℓ_k − max}.
    double z = 0;
    double cutoff = max - NEGLIGIBLE;
    for (int k = 0; k < size; k++) {
      if (ell[k] > cutoff) {
        z += Math.exp(ell[k] - max);
      }
    }
    return max + Math.log(z);
  }

  /**
   * Fills {@code ell[k] = log φ_k − log 2π − ½ log det − ½ (x − μ_k)ᵀ P_k (x − μ_k)}; returns the
   * max.
   */
  private double fillLogTerms(NoiseLevel level, double x0, double x1, double[] ell) {
    double[] mu0 = level.mu0;
    double[] mu1 = level.mu1;
    double[] p00 = level.p00;
    double[] p01 = level.p01;
    double[] p11 = level.p11;
    double[] logNorm = level.logNorm;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < size; k++) {
      double d0 = x0 - mu0[k];
      double d1 = x1 - mu1[k];
      double l = logNorm[k] - 0.5 * (p00[k] * d0 * d0 + 2 * p01[k] * d0 * d1 + p11[k] * d1 * d1);
      ell[k] = l;
      if (l > max) {
        max = l;
      }
    }
    return max;
  }
}
