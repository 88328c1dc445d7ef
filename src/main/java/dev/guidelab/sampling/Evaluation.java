package dev.guidelab.sampling;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Everything about one denoiser evaluation besides {@code x} and {@code σ}: where the sampler is,
 * each sample's own random generator, and what a conditional network is conditioned on. Guidance
 * methods read and rewrite it (ICG swaps the condition, TSG shifts the noise embedding, CADS
 * anneals the condition); plain denoisers ignore what they do not use.
 *
 * @param step index {@code i} of the sampling step, {@code 0 ≤ i < steps}; both evaluations of a
 *     Heun step share it
 * @param steps number of sampling steps {@code N}
 * @param rngs one generator per sample of the batch, that sample's own stream ({@link
 *     SampleRandom}); draw per sample, in sample order, so results do not depend on batching
 * @param condition per-sample condition vectors {@code [n, conditionDim]} (a one-hot class; all
 *     zeros is the null condition), or null when the model is unconditional
 * @param noiseShift per-sample shift added to the noise embedding {@code c_noise = ln(σ)/4} {@code
 *     [n]} (time-step guidance), or null for none
 * @param state batches a guidance rule keeps from one evaluation to the next of the same sampling
 *     run (APG's momentum), keyed by the rule: one map per run, shared by every evaluation of it;
 *     the sampler keeps them across its steps' scopes
 */
public record Evaluation(
    int step,
    int steps,
    RandomGenerator[] rngs,
    double[] condition,
    double[] noiseShift,
    Map<Object, Batch> state) {

  /** An evaluation of a run of its own: a fresh {@link #state()}. */
  public Evaluation(
      int step, int steps, RandomGenerator[] rngs, double[] condition, double[] noiseShift) {
    this(step, steps, rngs, condition, noiseShift, new HashMap<>());
  }

  /** Number of samples in the batch. */
  public int batchSize() {
    return rngs.length;
  }

  /** The same evaluation with another condition. */
  public Evaluation withCondition(double[] newCondition) {
    return new Evaluation(step, steps, rngs, newCondition, noiseShift, state);
  }

  /** The same evaluation with a shifted noise embedding. */
  public Evaluation withNoiseShift(double[] newNoiseShift) {
    return new Evaluation(step, steps, rngs, condition, newNoiseShift, state);
  }

  /** An evaluation outside a sampling run (tests, benchmarks): step 0 of 1, unconditional. */
  public static Evaluation standalone(int batchSize, long seed) {
    RandomGenerator[] rngs = new RandomGenerator[batchSize];
    for (int j = 0; j < batchSize; j++) {
      rngs[j] = SampleRandom.forSample(seed, j);
    }
    return new Evaluation(0, 1, rngs, null, null);
  }
}
