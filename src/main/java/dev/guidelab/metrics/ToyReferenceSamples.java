package dev.guidelab.metrics;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.SplittableRandom;

/**
 * The fixed "real" set of the toy's k-NN and kernel metrics: {@link #SIZE} exact class-A
 * ground-truth samples ({@code drawNoisy} at σ = 0) from a {@link SplittableRandom} seeded with
 * {@link #SEED}, with their improved-P/R ({@code k = 3}) and density/coverage ({@code k = 5})
 * balls. Built once per JVM on first use (≈ 0.1 s), immutable afterwards.
 */
public final class ToyReferenceSamples {

  /** Reference set size (the precision/recall convention, N = 10k). */
  public static final int SIZE = 10_000;

  /** Seed of the reference draw; changing it changes every stored toy k-NN/KID value. */
  public static final long SEED = 0x6775_6964_656cL; // "guidel"

  private static final ToyReferenceSamples INSTANCE = new ToyReferenceSamples();

  private final double[][] samples; // [SIZE][2]
  private final NearestNeighbours.Balls precisionRecallBalls; // k = 3
  private final NearestNeighbours.Balls densityCoverageBalls; // k = 5

  private ToyReferenceSamples() {
    GaussianMixture a = ToyGroundTruth.get().mixture(ToyClass.A);
    SplittableRandom rng = new SplittableRandom(SEED);
    double[] flat = new double[2 * SIZE];
    for (int i = 0; i < SIZE; i++) {
      a.drawNoisy(rng, 0, flat, 2 * i);
    }
    samples = new double[SIZE][];
    for (int i = 0; i < SIZE; i++) {
      samples[i] = new double[] {flat[2 * i], flat[2 * i + 1]};
    }
    precisionRecallBalls = NearestNeighbours.balls(samples, PrecisionRecall.DEFAULT_K);
    densityCoverageBalls = NearestNeighbours.balls(samples, DensityCoverage.DEFAULT_K);
  }

  /** The shared instance. */
  public static ToyReferenceSamples get() {
    return INSTANCE;
  }

  /** The samples, {@code [SIZE][2]}; do not modify. */
  public double[][] samples() {
    return samples;
  }

  /** Balls with {@code k = 3} for improved precision/recall. */
  public NearestNeighbours.Balls precisionRecallBalls() {
    return precisionRecallBalls;
  }

  /** Balls with {@code k = 5} for density/coverage. */
  public NearestNeighbours.Balls densityCoverageBalls() {
    return densityCoverageBalls;
  }
}
