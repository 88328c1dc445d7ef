package dev.guidelab.guidance;

import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

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
 * With {@code η = 1, r = 0, β = 0} this is CFG. Norms and projections are computed in the batch's
 * precision (float64 on the host; float32 on a device, summed by the engine), the per-sample
 * scalars in float64 on the host; a sample with {@code D_c = 0} has no parallel part. At {@code w =
 * 1} the result is {@code D_c} and the guide is not evaluated.
 *
 * <p><b>Momentum state.</b> The buffer {@code m} {@code [n, dim]}, one row per sample, is zero at
 * the run's first guided evaluation and kept in the run's {@link Evaluation#state()} under this
 * rule: the sampler makes one state per sampling run, so the buffer lives exactly as long as that
 * run, and sample {@code k}'s result does not depend on how samples are batched or whether a
 * decorator is shared between batches. Thread-safe.
 */
public final class AdaptiveProjectedGuidance implements Denoiser {

  private final Denoiser main;
  private final Denoiser guide;
  private final double w;
  private final double eta;
  private final double r;
  private final double beta;

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
  public BatchSpace space() {
    return main.space();
  }

  @Override
  public Batch denoise(Batch x, double sigma, Evaluation eval) {
    Batch dC = main.denoise(x, sigma, eval); // [n, dim]
    if (w == 1) {
      return dC;
    }
    Batch dU = guide.denoise(x, sigma, eval); // [n, dim]
    // Δ = D_c − D_u.
    Batch delta = dC.minus(dU);
    // Momentum: m ← Δ + β·m (m = 0 before the run's first guided evaluation), Δ = m.
    if (beta != 0) {
      Batch m = eval.state().get(this);
      delta = m == null ? delta : delta.plus(beta, m);
      eval.state().put(this, delta);
    }
    // Rescaling: Δ = Δ·min(1, r/‖Δ‖).
    if (r > 0) {
      double[] norm = sqrt(delta.dots(delta));
      double[] scale = new double[norm.length];
      for (int j = 0; j < norm.length; j++) {
        scale[j] = norm[j] > r ? r / norm[j] : 1;
      }
      delta = delta.timesRows(scale);
    }
    // Projection onto v = D_c/‖D_c‖: ⟨Δ, v⟩ = ⟨Δ, D_c⟩/‖D_c‖, Δ∥ = ⟨Δ, D_c⟩/‖D_c‖²·D_c.
    double[] normC = sqrt(dC.dots(dC));
    double[] dot = delta.dots(dC);
    double[] parallelScale = new double[normC.length];
    for (int j = 0; j < normC.length; j++) {
      parallelScale[j] = normC[j] > 0 ? dot[j] / (normC[j] * normC[j]) : 0;
    }
    // D = D_c + (w − 1)(Δ⊥ + η·Δ∥), Δ⊥ = Δ − Δ∥.
    Batch parallel = dC.timesRows(parallelScale);
    Batch orthogonal = delta.minus(parallel);
    return dC.plus(w - 1, orthogonal.plus(eta, parallel));
  }

  private static double[] sqrt(double[] squares) {
    double[] roots = new double[squares.length];
    for (int j = 0; j < squares.length; j++) {
      roots[j] = Math.sqrt(squares[j]);
    }
    return roots;
  }
}
