package dev.guidelab.metrics;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.SplittableRandom;

/**
 * The fixed "real" set of the toy's k-NN and kernel metrics: {@link #SIZE} exact class-A
 * ground-truth samples ({@code drawNoisy} at σ = 0) from a {@link SplittableRandom} seeded with
 * {@link #SEED}, as a {@link ReferenceSet} (its balls computed on first use, ≈ 0.1 s). Drawn once
 * per JVM on first use, immutable afterwards.
 */
public final class ToyReferenceSamples {

  /** Reference set size (the precision/recall convention, N = 10k). */
  public static final int SIZE = 10_000;

  /** Seed of the reference draw; changing it changes every stored toy k-NN/KID value. */
  public static final long SEED = 0x6775_6964_656cL; // "guidel"

  private static final ReferenceSet INSTANCE = draw();

  private ToyReferenceSamples() {}

  /** The shared set. */
  public static ReferenceSet get() {
    return INSTANCE;
  }

  private static ReferenceSet draw() {
    GaussianMixture a = ToyGroundTruth.get().mixture(ToyClass.A);
    SplittableRandom rng = new SplittableRandom(SEED);
    double[] flat = new double[2 * SIZE];
    for (int i = 0; i < SIZE; i++) {
      a.drawNoisy(rng, 0, flat, 2 * i);
    }
    double[][] samples = new double[SIZE][];
    for (int i = 0; i < SIZE; i++) {
      samples[i] = new double[] {flat[2 * i], flat[2 * i + 1]};
    }
    return new ReferenceSet(samples);
  }
}
