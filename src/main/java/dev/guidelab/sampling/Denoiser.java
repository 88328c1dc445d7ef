package dev.guidelab.sampling;

import java.util.List;

/**
 * A denoiser {@code D(x; σ)}: predicts the clean sample from a noisy one
 * (docs/sampling-and-guidance.md).
 *
 * <p>Batches are {@link Batch}es {@code [n, dim]}: host arrays for the toy, tensors on the device
 * for image networks, which the sampler keeps there between steps ({@link #space()}).
 * Implementations are the exact toy oracle, trained networks, and guidance decorators that combine
 * two denoisers; the sampler never knows which one it holds.
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
   * Where this denoiser wants its batches: {@link BatchSpace#HOST} unless it runs on a device. A
   * decorator answers its main model's.
   */
  default BatchSpace space() {
    return BatchSpace.HOST;
  }

  /**
   * Evaluates {@code D(x; σ)} for every sample of the batch.
   *
   * @param x noisy samples, {@code [n, dim]}
   * @param sigma noise level σ &gt; 0 shared by the batch
   * @param eval the sampler's step, per-sample generators and condition
   * @return denoised samples {@code [n, dim]}, in the innermost open scope of {@code x}'s space
   */
  Batch denoise(Batch x, double sigma, Evaluation eval);

  /**
   * {@link #denoise(Batch, double, Evaluation)} on host arrays {@code [n, dim]} row-major, outside
   * a sampler (a model's probe, tests): the batch goes to {@link #space()} and back in a scope of
   * its own.
   */
  default double[] denoise(double[] x, double sigma, Evaluation eval) {
    BatchSpace space = space();
    try (BatchSpace.Scope scope = space.open(List.of())) {
      return denoise(space.of(x, dim()), sigma, eval).toArray();
    }
  }
}
