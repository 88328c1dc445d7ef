package dev.guidelab.sampling;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Per-sample random streams (docs/sampling-and-guidance.md §3): sample {@code k} of an experiment
 * with seed {@code seed} draws all its randomness from {@code forSample(seed, k)}, so a sample is
 * the same however the work is batched, split across workers or retried.
 *
 * <p>Draw order of one sample in {@link EdmSampler}: first the start ({@code dim} Gaussians for a
 * NOISE start, or whatever the {@link StartDistribution} draws for a DATA start — one uniform and
 * two Gaussians for the toy mixture), then, for each step {@code i = 0..N−1} at which churn
 * applies, {@code dim} Gaussians. Nothing else draws from the stream.
 *
 * <p>A random class label ({@link #classLabel}) comes from a second stream of the same {@code
 * (seed, k)}, not from {@code forSample}'s: sample {@code k}'s noise is then the same whether its
 * class is given or drawn, so a sample with a drawn class {@code c} is exactly the sample the run
 * conditioned on {@code c} makes.
 */
public final class SampleRandom {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /** Separates the class-label stream of a sample from its noise stream. */
  private static final long LABEL_STREAM = 0x6C61_6265_6C5F_6B31L;

  private SampleRandom() {}

  /** The generator of sample {@code k} of the experiment seeded by {@code seed}. */
  public static RandomGenerator forSample(long seed, long k) {
    return new SplittableRandom(key(seed, k));
  }

  /**
   * The class label of sample {@code k} of the experiment seeded by {@code seed}, uniform over
   * {@code 0..classes−1} (EDM2's {@code generate_images} draws one per image when no class is
   * given).
   */
  public static int classLabel(long seed, long k, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("need at least one class, got " + classes);
    }
    return new SplittableRandom(mix64(key(seed, k) ^ LABEL_STREAM)).nextInt(classes);
  }

  /** The seed of sample {@code k}'s noise stream. */
  private static long key(long seed, long k) {
    // k ↦ mix(mix(seed) + γ·k) is injective in k for a fixed seed (γ odd, mix a bijection).
    return mix64(mix64(seed) + GOLDEN_GAMMA * k);
  }

  /** SplitMix64's finaliser (Stafford variant 13), a bijection of 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
