package dev.guidelab.sampling;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Per-sample random streams (spec/sampling-and-guidance.md §3): sample {@code k} of an experiment
 * with seed {@code seed} draws all its randomness from {@code forSample(seed, k)}, so a sample is
 * the same however the work is batched, split across workers or retried.
 *
 * <p>Draw order of one sample in {@link EdmSampler}: first the start ({@code dim} Gaussians for a
 * NOISE start, or whatever the {@link StartDistribution} draws for a DATA start — one uniform and
 * two Gaussians for the toy mixture), then, for each step {@code i = 0..N−1} at which churn
 * applies, {@code dim} Gaussians. Nothing else draws from the stream.
 */
public final class SampleRandom {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private SampleRandom() {}

  /** The generator of sample {@code k} of the experiment seeded by {@code seed}. */
  public static RandomGenerator forSample(long seed, long k) {
    // k ↦ mix(mix(seed) + γ·k) is injective in k for a fixed seed (γ odd, mix a bijection).
    return new SplittableRandom(mix64(mix64(seed) + GOLDEN_GAMMA * k));
  }

  /** SplitMix64's finaliser (Stafford variant 13), a bijection of 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
