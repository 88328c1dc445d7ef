package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyClassifier;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToyTop1ReferenceTest {

  /**
   * Count of {@code draws} exact class-{@code c} samples from {@code SplittableRandom(seed)} with
   * top-1 class A: the estimator that produced {@link ToyTop1Reference#HITS_A} and {@link
   * ToyTop1Reference#HITS_B} (with its {@code DRAWS} and {@code SEED}).
   */
  static long hits(ToyClass c, long draws, long seed) {
    GaussianMixture p = ToyGroundTruth.get().mixture(c);
    SplittableRandom rng = new SplittableRandom(seed);
    int batch = 10_000;
    double[] x = new double[2 * batch]; // [batch, 2]
    long hits = 0;
    for (long done = 0; done < draws; done += batch) {
      int m = (int) Math.min(batch, draws - done);
      for (int i = 0; i < m; i++) {
        p.drawNoisy(rng, 0, x, 2 * i);
      }
      double[] odds = ToyClassifier.get().logOdds(x);
      for (int i = 0; i < m; i++) {
        hits += ToyClassifier.top1(odds[i]) == ToyClass.A ? 1 : 0;
      }
    }
    return hits;
  }

  /**
   * 100,000 fresh draws per class (≈ 1.5 s) agree with the stored shares within 4 SE of their
   * difference (SE ≈ 2.1e-4, dominated by the fresh draws).
   */
  @Test
  void freshDrawsAgreeWithTheStoredShares() {
    int draws = 100_000;
    for (ToyClass c : new ToyClass[] {ToyClass.A, ToyClass.B}) {
      ToyTop1Reference.Share stored = ToyTop1Reference.classifiedA(c);
      double fresh = (double) hits(c, draws, 99) / draws;
      double se = Math.hypot(Math.sqrt(fresh * (1 - fresh) / draws), stored.standardError());
      assertEquals(stored.value(), fresh, 4 * se, c.name());
    }
  }

  @Test
  void theUnionIsThePriorWeightedMixOfTheClasses() {
    ToyGroundTruth truth = ToyGroundTruth.get();
    double expected =
        truth.classPrior(ToyClass.A) * ToyTop1Reference.classifiedA(ToyClass.A).value()
            + truth.classPrior(ToyClass.B) * ToyTop1Reference.classifiedA(ToyClass.B).value();
    assertEquals(expected, ToyTop1Reference.classifiedA(ToyClass.AB).value(), 1e-15);
    // The two Bayes errors nearly cancel: r_A(AB) ≈ π_A + 7e-5.
    assertEquals(truth.classPrior(ToyClass.A), expected, 1e-4);
  }
}
