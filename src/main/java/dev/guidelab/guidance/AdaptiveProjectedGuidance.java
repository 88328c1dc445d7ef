package dev.guidelab.guidance;

import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.random.RandomGenerator;

/**
 * Adaptive projected guidance (Sadat et al. 2025, "Eliminating Oversaturation and Artifacts of High
 * Guidance Scales in Diffusion Models", Algorithm 1; docs/sampling-and-guidance.md §2 APG), on
 * denoised predictions {@code D_c = D_m}, {@code D_u = D_g}, per sample:
 *
 * <pre>
 * Δ = D_c − D_u
 * if β ≠ 0:  m ← Δ + β·m;  Δ = m            (momentum, Eq. 10)
 * if r > 0:  Δ = Δ · min(1, r/‖Δ‖)          (rescaling, Eq. 9)
 * v = D_c/‖D_c‖;  Δ∥ = ⟨Δ, v⟩v;  Δ⊥ = Δ − Δ∥  (projection, Eq. 6)
 * D = D_c + (w − 1)(Δ⊥ + η·Δ∥)               (Eq. 8)
 * </pre>
 *
 * With {@code η = 1, r = 0, β = 0} this is CFG. Norms and projections are computed in double
 * precision (float64); a sample with {@code D_c = 0} has no parallel part. At {@code w = 1} the
 * result is {@code D_c} and the guide is not evaluated.
 *
 * <p><b>Momentum state.</b> Each sample has its own buffer {@code m}, created zero at the sample's
 * first guided evaluation and keyed by the sample's generator in {@link Evaluation#rngs()}: the
 * sampler creates one generator per sample per sampling run, so the buffer lives exactly as long as
 * that run, and sample {@code k}'s result does not depend on how samples are batched or whether a
 * decorator is shared between batches. Thread-safe.
 */
public final class AdaptiveProjectedGuidance implements Denoiser {

  private final Denoiser main;
  private final Denoiser guide;
  private final double w;
  private final double eta;
  private final double r;
  private final double beta;
  private final Map<RandomGenerator, double[]> momentum =
      Collections.synchronizedMap(new WeakHashMap<>()); // generator identity → m, [dim]

  /**
   * @param main the conditional model D_c
   * @param guide the unconditional guiding evaluation D_u
   * @param w guidance weight
   * @param eta scale η of the component parallel to D_c
   * @param r norm threshold; 0 disables rescaling
   * @param beta momentum β in (−1, 1); 0 disables momentum
   */
  public AdaptiveProjectedGuidance(
      Denoiser main, Denoiser guide, double w, double eta, double r, double beta) {
    if (main.dim() != guide.dim()) {
      throw new IllegalArgumentException(
          "guide dimension " + guide.dim() + " differs from main model dimension " + main.dim());
    }
    this.main = main;
    this.guide = guide;
    this.w = w;
    this.eta = eta;
    this.r = r;
    this.beta = beta;
  }

  @Override
  public int dim() {
    return main.dim();
  }

  @Override
  public int conditionDim() {
    return main.conditionDim();
  }

  @Override
  public double[] denoise(double[] x, double sigma, Evaluation eval) {
    double[] dC = main.denoise(x, sigma, eval); // [n, dim]
    if (w == 1) {
      return dC;
    }
    double[] dU = guide.denoise(x, sigma, eval); // [n, dim]
    int dim = main.dim();
    double[] d = new double[dC.length];
    double[] delta = new double[dim];
    for (int j = 0; j < eval.batchSize(); j++) {
      int o = j * dim;
      // Δ = D_c − D_u.
      for (int i = 0; i < dim; i++) {
        delta[i] = dC[o + i] - dU[o + i];
      }
      // Momentum: m ← Δ + β·m, Δ = m.
      if (beta != 0) {
        double[] m = momentum.computeIfAbsent(eval.rngs()[j], g -> new double[dim]);
        for (int i = 0; i < dim; i++) {
          m[i] = delta[i] + beta * m[i];
          delta[i] = m[i];
        }
      }
      // Rescaling: Δ = Δ·min(1, r/‖Δ‖).
      if (r > 0) {
        double norm = norm(delta, 0, dim);
        if (norm > r) {
          for (int i = 0; i < dim; i++) {
            delta[i] *= r / norm;
          }
        }
      }
      // Projection onto v = D_c/‖D_c‖: ⟨Δ, v⟩ = ⟨Δ, D_c⟩/‖D_c‖, Δ∥ = ⟨Δ, D_c⟩/‖D_c‖²·D_c.
      double normC = norm(dC, o, dim);
      double dot = 0;
      for (int i = 0; i < dim; i++) {
        dot += delta[i] * dC[o + i];
      }
      double parallelScale = normC > 0 ? dot / (normC * normC) : 0;
      // D = D_c + (w − 1)(Δ⊥ + η·Δ∥), Δ⊥ = Δ − Δ∥.
      for (int i = 0; i < dim; i++) {
        double parallel = parallelScale * dC[o + i];
        double orthogonal = delta[i] - parallel;
        d[o + i] = dC[o + i] + (w - 1) * (orthogonal + eta * parallel);
      }
    }
    return d;
  }

  private static double norm(double[] v, int offset, int len) {
    double sum = 0;
    for (int i = offset; i < offset + len; i++) {
      sum += v[i] * v[i];
    }
    return Math.sqrt(sum);
  }
}
