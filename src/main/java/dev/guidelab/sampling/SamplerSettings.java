package dev.guidelab.sampling;

/**
 * EDM sampler settings (EDM Algorithm 2, docs/sampling-and-guidance.md §1), as they appear in an
 * experiment spec's {@code sampler} object.
 *
 * @param steps number of noise levels N (1..1000)
 * @param sigmaMin σ_min, the last non-zero noise level
 * @param sigmaMax σ_max, the first noise level
 * @param rho ρ of the time-step discretisation
 * @param order 1 = Euler, 2 = Heun (2nd-order correction)
 * @param churn S_churn; 0 = deterministic ODE sampler
 * @param sMin S_min, lower σ bound of churn
 * @param sMax S_max, upper σ bound of churn (EDM's ∞ is written as σ_max, which is equivalent)
 * @param sNoise S_noise, scale of the churn noise
 * @param start initial state: {@link Start#NOISE} {@code x₀ = σ_max·n}, or {@link Start#DATA} exact
 *     samples of the noisy ground truth at σ_max (toy ground truths only)
 */
public record SamplerSettings(
    int steps,
    double sigmaMin,
    double sigmaMax,
    double rho,
    int order,
    double churn,
    double sMin,
    double sMax,
    double sNoise,
    Start start) {

  /** How the sampler draws {@code x₀}. */
  public enum Start {
    NOISE,
    DATA
  }

  /** The toy defaults of docs/toy.md: Heun, 32 steps, σ ∈ [0.002, 5], ρ = 7, no churn. */
  public static SamplerSettings defaults() {
    return new SamplerSettings(32, 0.002, 5, 7, 2, 0, 0, 5, 1, Start.NOISE);
  }

  /**
   * Denoiser evaluations per sample: one per step, plus Heun's correction at every step but the
   * last (docs/sampling-and-guidance.md §1).
   */
  public int evaluationsPerSample() {
    return order == 2 ? 2 * steps - 1 : steps;
  }

  /**
   * EDM's defaults for images (docs/sampling-and-guidance.md §1): Heun, 32 steps, σ ∈ [0.002, 80],
   * ρ = 7, no churn.
   */
  public static SamplerSettings imageDefaults() {
    return new SamplerSettings(32, 0.002, 80, 7, 2, 0, 0, 80, 1, Start.NOISE);
  }
}
