package dev.guidelab.toynet;

import dev.guidelab.toy.ToyClass;
import java.util.List;

/**
 * What to train (docs/toy.md, "Training (exact score matching)").
 *
 * @param net architecture
 * @param classes training distribution: A, B or AB; must be AB for a conditional network
 * @param iterations number of optimiser steps
 * @param batchSize samples per step (4096 in the reference)
 * @param emaSigmaRel σ_rel of the power-function EMA (0.010 in the reference)
 * @param snapshotEvery iterations between EMA snapshots (256 in the reference)
 * @param postHocSigmaRels σ_rel of the power-function EMAs tracked beside the published one for
 *     post-hoc reconstruction ({@link PostHocEma}), snapshot every {@code snapshotEvery} iterations
 *     and at the last one (EDM2's 0.05 and 0.10 in the reference)
 * @param seed training seed: initial weights and every batch derive from it
 */
public record ToyTrainingSpec(
    ToyNetConfig net,
    ToyClass classes,
    int iterations,
    int batchSize,
    double emaSigmaRel,
    int snapshotEvery,
    List<Double> postHocSigmaRels,
    long seed) {

  /** Reference batch size. */
  public static final int BATCH_SIZE = 4096;

  /** Reference EMA width. */
  public static final double EMA_SIGMA_REL = 0.010;

  /** Reference snapshot interval. */
  public static final int SNAPSHOT_EVERY = 256;

  /** Reference widths of the post-hoc EMA profiles (EDM2's defaults). */
  public static final List<Double> POST_HOC_SIGMA_RELS = List.of(0.05, 0.10);

  public ToyTrainingSpec {
    if (iterations < 1) {
      throw new IllegalArgumentException("training iterations must be ≥ 1, got " + iterations);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("training batch size must be ≥ 1, got " + batchSize);
    }
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshot interval must be ≥ 1, got " + snapshotEvery);
    }
    PowerFunctionEma.gamma(emaSigmaRel); // validates σ_rel
    postHocSigmaRels = List.copyOf(postHocSigmaRels);
    postHocSigmaRels.forEach(PowerFunctionEma::gamma);
    if (net.conditional() && classes != ToyClass.AB) {
      throw new IllegalArgumentException(
          "a conditional toy network trains on A∪B (classes = AB), got " + classes);
    }
  }

  /**
   * The reference recipe: batch 4096, EMA σ_rel 0.010, a snapshot every 256 iterations, post-hoc
   * profiles σ_rel 0.05 and 0.10.
   */
  public static ToyTrainingSpec reference(
      ToyNetConfig net, ToyClass classes, int iterations, long seed) {
    return new ToyTrainingSpec(
        net,
        classes,
        iterations,
        BATCH_SIZE,
        EMA_SIGMA_REL,
        SNAPSHOT_EVERY,
        POST_HOC_SIGMA_RELS,
        seed);
  }

  /** The same spec with another batch size (tests, quick runs). */
  public ToyTrainingSpec withBatchSize(int newBatchSize) {
    return new ToyTrainingSpec(
        net, classes, iterations, newBatchSize, emaSigmaRel, snapshotEvery, postHocSigmaRels, seed);
  }

  /** The same spec with another number of iterations. */
  public ToyTrainingSpec withIterations(int newIterations) {
    return new ToyTrainingSpec(
        net, classes, newIterations, batchSize, emaSigmaRel, snapshotEvery, postHocSigmaRels, seed);
  }

  /** The same spec with another snapshot interval. */
  public ToyTrainingSpec withSnapshotEvery(int newSnapshotEvery) {
    return new ToyTrainingSpec(
        net, classes, iterations, batchSize, emaSigmaRel, newSnapshotEvery, postHocSigmaRels, seed);
  }
}
