package dev.guidelab.toynet;

import dev.guidelab.sampling.SampleRandom;

/**
 * The training objective on a fixed validation batch: {@code mean_b σ_b²·mean_dim (s*_b − s_θ)²}
 * over {@value #SIZE} samples drawn like a training batch ({@link ScoreBatches}) from {@code
 * SampleRandom.forSample(}{@value #SEED}{@code , 0)}, evaluated in float32 without autograd. Same
 * network and classes → same number, so it can be stored as a model's "final validation loss".
 */
public final class ToyValidation {

  /** Seed of the validation batch. */
  public static final long SEED = 0x5EED_7A11L;

  /** Samples in the validation batch. */
  public static final int SIZE = 4096;

  private ToyValidation() {}

  /** Validation loss of {@code net} on its training distribution ({@code net.info().classes()}). */
  public static double loss(ToyNetwork net) {
    return loss(net, SEED, SIZE);
  }

  /** The same objective on {@code size} samples from {@code SampleRandom.forSample(seed, 0)}. */
  public static double loss(ToyNetwork net, long seed, int size) {
    ScoreBatch batch =
        new ScoreBatches(net.info().classes(), net.config().conditional())
            .draw(SampleRandom.forSample(seed, 0), size);
    double[] s = new ToyNetDenoiser(net).score(batch.x(), batch.sigma(), batch.condition(), null);
    double sum = 0;
    for (int b = 0; b < size; b++) {
      double e0 = batch.target()[2 * b] - s[2 * b];
      double e1 = batch.target()[2 * b + 1] - s[2 * b + 1];
      double sigma = batch.sigma()[b];
      sum += sigma * sigma * 0.5 * (e0 * e0 + e1 * e1);
    }
    return sum / size;
  }
}
