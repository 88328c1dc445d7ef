package dev.guidelab.guidance;

import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.util.random.RandomGenerator;

/**
 * Condition-annealed diffusion sampling, CADS (Sadat et al. 2024, "CADS: Unleashing the Diversity
 * of Diffusion Models through Condition-Annealed Sampling", Eqs. 2–5; docs/sampling-and-guidance.md
 * §2 CADS): the inner denoiser, and so every network it evaluates with the sampler's condition,
 * sees an annealed condition
 *
 * <pre>
 * t = 1 − i/N                                            (normalised time, 1 = pure noise)
 * γ(t) = 1 if t ≤ τ1;  (τ2 − t)/(τ2 − τ1) if τ1 &lt; t &lt; τ2;  0 if t ≥ τ2     (Eq. 3)
 * ŷ = √γ·y + s·√(1 − γ)·n,  n ~ N(0, I)                                      (Eq. 2)
 * ŷ ← ψ·((ŷ − mean ŷ)/std ŷ · std y + mean y) + (1 − ψ)·ŷ   if rescale       (Eqs. 4–5)
 * </pre>
 *
 * Means and standard deviations are per sample over the condition vector. Guides that replace the
 * condition (CFG's null condition, ICG) are unaffected, as in the paper. Where {@code γ = 1} the
 * condition passes through untouched and nothing is drawn; elsewhere each evaluation draws {@code
 * conditionDim} fresh Gaussians per sample from that sample's own generator, in sample order.
 */
public final class ConditionAnnealing implements Denoiser {

  private final Denoiser inner;
  private final double tau1;
  private final double tau2;
  private final double s;
  private final double psi;
  private final boolean rescale;

  /**
   * @param inner the (guided) denoiser whose evaluations see the annealed condition
   * @param tau1 τ1, with {@code 0 ≤ τ1 ≤ τ2 ≤ 1}
   * @param tau2 τ2
   * @param s noise scale s ≥ 0
   * @param psi mixing factor ψ in [0, 1] of the rescaled condition
   * @param rescale whether to rescale ŷ to the mean and std of y
   */
  public ConditionAnnealing(
      Denoiser inner, double tau1, double tau2, double s, double psi, boolean rescale) {
    if (!(0 <= tau1 && tau1 <= tau2 && tau2 <= 1)) {
      throw new IllegalArgumentException("need 0 ≤ τ1 ≤ τ2 ≤ 1, got " + tau1 + ", " + tau2);
    }
    this.inner = inner;
    this.tau1 = tau1;
    this.tau2 = tau2;
    this.s = s;
    this.psi = psi;
    this.rescale = rescale;
  }

  @Override
  public int dim() {
    return inner.dim();
  }

  @Override
  public int conditionDim() {
    return inner.conditionDim();
  }

  /** The annealing schedule γ(t) (Eq. 3). */
  double gamma(double t) {
    if (t <= tau1) {
      return 1;
    }
    if (t >= tau2) {
      return 0;
    }
    return (tau2 - t) / (tau2 - tau1);
  }

  @Override
  public BatchSpace space() {
    return inner.space();
  }

  @Override
  public Batch denoise(Batch x, double sigma, Evaluation eval) {
    double[] y = eval.condition(); // [n, k]
    double t = 1 - (double) eval.step() / eval.steps();
    double gamma = gamma(t);
    if (y == null || gamma == 1) {
      return inner.denoise(x, sigma, eval);
    }
    int n = eval.batchSize();
    int k = y.length / n;
    double a = Math.sqrt(gamma);
    double b = s * Math.sqrt(1 - gamma);
    double[] yHat = new double[y.length]; // [n, k]
    for (int j = 0; j < n; j++) {
      RandomGenerator rng = eval.rngs()[j];
      int o = j * k;
      // ŷ = √γ·y + s·√(1 − γ)·n.
      for (int i = 0; i < k; i++) {
        yHat[o + i] = a * y[o + i] + b * rng.nextGaussian();
      }
      // Rescale to the mean and std of y, mixed by ψ.
      if (rescale) {
        double meanY = Moments.mean(y, o, k);
        double stdY = Moments.std(y, o, k, meanY);
        double meanHat = Moments.mean(yHat, o, k);
        double stdHat = Moments.std(yHat, o, k, meanHat);
        if (stdHat > 0) {
          for (int i = 0; i < k; i++) {
            double rescaled = (yHat[o + i] - meanHat) / stdHat * stdY + meanY;
            yHat[o + i] = psi * rescaled + (1 - psi) * yHat[o + i];
          }
        }
      }
    }
    return inner.denoise(x, sigma, eval.withCondition(yHat));
  }
}
