package dev.guidelab.sampling;

/** EDM's time-step discretisation (Karras et al. 2022, Eq. 5; docs/sampling-and-guidance.md §1). */
public final class NoiseSchedule {

  private NoiseSchedule() {}

  /**
   * Noise levels {@code t_i = (σ_max^{1/ρ} + i/(N−1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ} for {@code i =
   * 0..N−1}, and {@code t_N = 0}. For {@code N = 1} the single level is σ_max.
   *
   * @return {@code [N + 1]}, decreasing
   */
  public static double[] sigmas(SamplerSettings s) {
    int n = s.steps();
    if (n < 1) {
      throw new IllegalArgumentException("sampler.steps must be at least 1, got " + n);
    }
    if (!(s.sigmaMin() > 0 && s.sigmaMax() >= s.sigmaMin())) {
      throw new IllegalArgumentException(
          "sampler.sigmaMin must be > 0 and ≤ sampler.sigmaMax, got "
              + s.sigmaMin()
              + " and "
              + s.sigmaMax());
    }
    if (!(s.rho() > 0)) {
      throw new IllegalArgumentException("sampler.rho must be > 0, got " + s.rho());
    }
    double maxInvRho = Math.pow(s.sigmaMax(), 1 / s.rho());
    double minInvRho = Math.pow(s.sigmaMin(), 1 / s.rho());
    double[] t = new double[n + 1]; // [N + 1]
    for (int i = 0; i < n; i++) {
      double frac = n == 1 ? 0 : (double) i / (n - 1);
      t[i] = Math.pow(maxInvRho + frac * (minInvRho - maxInvRho), s.rho());
    }
    t[n] = 0;
    return t;
  }
}
