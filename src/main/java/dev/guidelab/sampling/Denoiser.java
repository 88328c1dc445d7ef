package dev.guidelab.sampling;

/**
 * A denoiser {@code D(x; σ)}: predicts the clean sample from a noisy one
 * (docs/sampling-and-guidance.md).
 *
 * <p>Batches are row-major {@code double[n·dim]}: sample {@code i} occupies {@code [i·dim,
 * (i+1)·dim)}. Implementations are the exact toy oracle, trained networks, and guidance decorators
 * that combine two denoisers; the sampler never knows which one it holds.
 */
public interface Denoiser {

  /** Dimension of one sample (2 for the toy). */
  int dim();

  /**
   * Dimension of the condition vector a conditional network takes (2 for the toy's one-hot A/B), or
   * 0 for a model that takes no condition.
   */
  default int conditionDim() {
    return 0;
  }

  /**
   * Evaluates {@code D(x; σ)} for every sample of the batch.
   *
   * @param x noisy samples, {@code [n, dim]} row-major; not modified
   * @param sigma noise level σ &gt; 0 shared by the batch
   * @param eval the sampler's step, per-sample generators and condition
   * @return denoised samples, a new {@code [n, dim]} array
   */
  double[] denoise(double[] x, double sigma, Evaluation eval);
}
