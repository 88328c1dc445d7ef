package dev.guidelab.toy;

import dev.guidelab.sampling.ArrayBatch;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * The exact ideal denoiser {@code D*(x;σ) = x + σ²∇log p(x;σ)} of a toy class mixture
 * (docs/toy.md): no network, the reference against which trained toy models and guidance are
 * judged.
 */
public final class ToyOracleDenoiser implements Denoiser {

  private final GaussianMixture mixture;

  /** The oracle of class {@code c} (A, B) or of the union (AB, CFG's unconditional guide). */
  public ToyOracleDenoiser(ToyClass c) {
    this(ToyGroundTruth.get().mixture(c));
  }

  /** The oracle of any 2-D mixture. */
  public ToyOracleDenoiser(GaussianMixture mixture) {
    this.mixture = mixture;
  }

  @Override
  public int dim() {
    return 2;
  }

  @Override
  public Batch denoise(Batch x, double sigma, Evaluation eval) {
    return ArrayBatch.of(mixture.denoise(ArrayBatch.values(x), sigma), 2);
  }
}
