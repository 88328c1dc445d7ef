package dev.guidelab.toynet;

import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Draws exact score-matching batches (docs/toy.md, "Training"). Per sample, in this order from the
 * batch's generator: {@code σ = exp(P_mean + P_std·n)} (one Gaussian); for a conditional network
 * one uniform deciding condition dropout; then the exact noisy sample ({@link NoisyMixture#draw}).
 *
 * <p>Unconditional: x from the noisy distribution of {@code classes}, target its exact score.
 * Conditional: x from A∪B (the component's class is the label), condition = one-hot label, target
 * the exact score of that class; with probability {@value #CONDITION_DROPOUT} the condition is
 * replaced by the null condition (zeros) and the target by the exact A∪B score — so one network
 * also learns the unconditional model CFG needs.
 */
final class ScoreBatches {

  /** Log-normal σ distribution of EDM: {@code ln σ ~ N(P_mean, P_std²)}. */
  static final double P_MEAN = -2.3;

  static final double P_STD = 1.5;

  /** Probability that a conditional sample is trained under the null condition. */
  static final double CONDITION_DROPOUT = 0.1;

  private final boolean conditional;
  private final NoisyMixture draws; // distribution x is drawn from
  private final NoisyMixture classA;
  private final NoisyMixture classB;
  private final boolean[] isA; // [K of draws] component of class A (conditional only)

  ScoreBatches(ToyClass classes, boolean conditional) {
    ToyGroundTruth truth = ToyGroundTruth.get();
    this.conditional = conditional;
    if (conditional && classes != ToyClass.AB) {
      throw new IllegalArgumentException(
          "a conditional toy network trains on A∪B (classes = AB), got " + classes);
    }
    this.draws = new NoisyMixture(truth.mixture(classes));
    if (conditional) {
      classA = new NoisyMixture(truth.mixture(ToyClass.A));
      classB = new NoisyMixture(truth.mixture(ToyClass.B));
      // A component of A∪B belongs to A iff A has a component with the same mean and covariance.
      Set<List<Double>> keysOfA = new HashSet<>();
      for (int k = 0; k < classA.size; k++) {
        keysOfA.add(boxed(classA.key(k)));
      }
      isA = new boolean[draws.size];
      int countA = 0;
      for (int k = 0; k < draws.size; k++) {
        isA[k] = keysOfA.contains(boxed(draws.key(k)));
        countA += isA[k] ? 1 : 0;
      }
      if (countA != classA.size) {
        throw new IllegalStateException(
            "A∪B holds " + countA + " components of A, expected " + classA.size);
      }
    } else {
      classA = null;
      classB = null;
      isA = null;
    }
  }

  private static List<Double> boxed(double[] v) {
    return Arrays.stream(v).boxed().toList();
  }

  /** A batch of {@code size} samples, drawing only from {@code rng}. */
  ScoreBatch draw(RandomGenerator rng, int size) {
    double[] x = new double[2 * size];
    double[] sigma = new double[size];
    double[] condition = conditional ? new double[2 * size] : null;
    double[] target = new double[2 * size];
    double[] scratch = new double[2 * draws.size];
    for (int b = 0; b < size; b++) {
      // σ_b = exp(P_mean + P_std·n).
      sigma[b] = Math.exp(P_MEAN + P_STD * rng.nextGaussian());
      boolean dropped = conditional && rng.nextDouble() < CONDITION_DROPOUT;
      // x_b exactly from the noisy distribution at σ_b.
      int k = draws.draw(rng, sigma[b], x, 2 * b);
      // Target: exact score of the sample's class, or of A∪B under the null condition.
      NoisyMixture truth = draws;
      if (conditional && !dropped) {
        truth = isA[k] ? classA : classB;
        condition[2 * b + (isA[k] ? 0 : 1)] = 1;
      }
      truth.score(x[2 * b], x[2 * b + 1], sigma[b], target, 2 * b, scratch);
    }
    return new ScoreBatch(x, sigma, condition, target);
  }
}
