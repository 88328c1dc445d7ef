package dev.guidelab.guidance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.util.random.RandomGenerator;

/**
 * ICG's guiding evaluation (Sadat et al. 2024, "No Training, No Problem: Rethinking Classifier-Free
 * Guidance for Diffusion Models", §4, Eq. 6): the same conditional network given a condition {@code
 * ĉ} drawn independently of {@code x}, so that {@code D(x; σ, ĉ)} approximates the unconditional
 * denoiser without an unconditional training.
 *
 * <p>Each evaluation draws a fresh {@code ĉ} for every sample from that sample's own generator, in
 * sample order, so results do not depend on batching: {@link ConditionNoise#RANDOM_CLASS} a
 * uniformly random class as a one-hot vector ({@code conditionDim} classes, one {@code nextInt});
 * {@link ConditionNoise#GAUSSIAN} {@code ĉ_i = mean(c) + std(c)·n_i}, Gaussian noise with the first
 * two moments of the sample's own condition vector ({@code conditionDim} Gaussians).
 */
public final class IndependentCondition extends ContextRewrite {

  /** How ICG draws its condition, per sample and evaluation, from the sample's own generator. */
  public enum ConditionNoise {
    /** A uniformly random class, one-hot. */
    @JsonProperty("random-class")
    RANDOM_CLASS("random-class"),
    /** Gaussian noise with the mean and standard deviation of the sample's condition vector. */
    @JsonProperty("gaussian")
    GAUSSIAN("gaussian");

    private final String wireName;

    ConditionNoise(String wireName) {
      this.wireName = wireName;
    }

    /** The name used in specs. */
    public String wireName() {
      return wireName;
    }

    /** The value a spec names, or null if none has that name. */
    public static ConditionNoise fromWireName(String name) {
      for (ConditionNoise c : values()) {
        if (c.wireName.equals(name)) {
          return c;
        }
      }
      return null;
    }
  }

  private final ConditionNoise noise;

  public IndependentCondition(Denoiser net, ConditionNoise noise) {
    super(net);
    this.noise = noise;
  }

  @Override
  Evaluation rewrite(Evaluation eval, double sigma) {
    double[] c = eval.condition(); // [n, k]
    if (c == null) {
      throw new IllegalStateException("ICG needs a conditional evaluation; the sampler gave none");
    }
    int n = eval.batchSize();
    int k = c.length / n;
    double[] cHat = new double[c.length]; // [n, k]
    for (int j = 0; j < n; j++) {
      RandomGenerator rng = eval.rngs()[j];
      int offset = j * k;
      if (noise == ConditionNoise.RANDOM_CLASS) {
        // ĉ = one-hot of a uniformly random class.
        cHat[offset + rng.nextInt(k)] = 1;
      } else {
        // ĉ_i = mean(c) + std(c)·n_i, n_i ~ N(0, 1).
        double mean = Moments.mean(c, offset, k);
        double std = Moments.std(c, offset, k, mean);
        for (int i = 0; i < k; i++) {
          cHat[offset + i] = mean + std * rng.nextGaussian();
        }
      }
    }
    return eval.withCondition(cHat);
  }
}
