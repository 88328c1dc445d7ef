package dev.guidelab.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToyClassifierTest {

  private static final ToyGroundTruth TRUTH = ToyGroundTruth.get();

  /** Points deep in A, deep in B, and near the origin where the two trees meet. */
  private static final double[][] POINTS = {
    {0.3, 0.4},
    {0.9, 1.1},
    {-0.4, -0.6},
    {-1.0, -0.3},
    {0, 0},
    {0.05, 0.07},
    {-0.03, 0.02},
    {0.02, -0.04},
    {0.1, -0.1}
  };

  /** {@code Σ_k φ_k N(x; μ_k, Σ_k)} summed directly in float64, without log-sum-exp. */
  private static double density(GaussianMixture p, double x0, double x1) {
    double sum = 0;
    for (int k = 0; k < p.size(); k++) {
      MixtureComponent c = p.component(k);
      double det = c.s00() * c.s11() - c.s01() * c.s01();
      double d0 = x0 - c.mu0();
      double d1 = x1 - c.mu1();
      double maha = (c.s11() * d0 * d0 - 2 * c.s01() * d0 * d1 + c.s00() * d1 * d1) / det;
      sum += c.phi() * Math.exp(-0.5 * maha) / (2 * Math.PI * Math.sqrt(det));
    }
    return sum;
  }

  @Test
  void classPriorsAreTheClassMassesAndMixToTheUnion() {
    // Class masses of docs/toy.md as the ground-truth file records them (class_mass_raw).
    double massA = 8.325511702135314;
    double massB = 9.127986588864745;
    assertEquals(massA / (massA + massB), TRUTH.classPrior(ToyClass.A), 1e-12);
    assertEquals(1, TRUTH.classPrior(ToyClass.A) + TRUTH.classPrior(ToyClass.B), 1e-15);
    // p_AB = π_A p_A + π_B p_B, the identity the posterior rests on (1e-9: direct sums of ~2000
    // terms of size ≤ 1e3 agree to ~1e-13 relative).
    for (double[] x : POINTS) {
      double mixed =
          TRUTH.classPrior(ToyClass.A) * density(TRUTH.mixture(ToyClass.A), x[0], x[1])
              + TRUTH.classPrior(ToyClass.B) * density(TRUTH.mixture(ToyClass.B), x[0], x[1]);
      double union = density(TRUTH.mixture(ToyClass.AB), x[0], x[1]);
      assertEquals(union, mixed, 1e-9 * union, () -> x[0] + "," + x[1]);
    }
  }

  @Test
  void top1IsTheArgMaxOfTheDirectlyEvaluatedPosterior() {
    ToyClassifier classifier = ToyClassifier.get();
    double[] flat = new double[2 * POINTS.length];
    for (int i = 0; i < POINTS.length; i++) {
      flat[2 * i] = POINTS[i][0];
      flat[2 * i + 1] = POINTS[i][1];
    }
    double[] odds = classifier.logOdds(flat);
    int seenA = 0;
    int seenB = 0;
    for (int i = 0; i < POINTS.length; i++) {
      double[] x = POINTS[i];
      // log P(A|x) − log P(B|x) = log π_A p_A − log π_B p_B, each density summed directly.
      double pA = density(TRUTH.mixture(ToyClass.A), x[0], x[1]);
      double pB = density(TRUTH.mixture(ToyClass.B), x[0], x[1]);
      double direct =
          Math.log(TRUTH.classPrior(ToyClass.A) * pA) - Math.log(TRUTH.classPrior(ToyClass.B) * pB);
      ToyClass expected = direct >= 0 ? ToyClass.A : ToyClass.B;
      String at = x[0] + "," + x[1] + " direct odds " + direct;
      assertEquals(expected, ToyClassifier.top1(odds[i]), at);
      // The odds themselves (both densities stay above the float64 underflow at these points; the
      // direct sums carry ~1e-13 relative error, log-sum-exp less).
      assertEquals(direct, odds[i], 1e-9 * (1 + Math.abs(direct)), at);
      seenA += expected == ToyClass.A ? 1 : 0;
      seenB += expected == ToyClass.B ? 1 : 0;
    }
    // The points exercise both outcomes.
    assertTrue(seenA >= 2 && seenB >= 2, seenA + " A, " + seenB + " B");
  }

  @Test
  void aTieGoesToATheLowerClassAndAnUndefinedPosteriorHasNoClass() {
    assertEquals(ToyClass.A, ToyClassifier.top1(0));
    assertEquals(ToyClass.B, ToyClassifier.top1(-1e-300));
    double odds = ToyClassifier.get().logOdds(new double[] {Double.NaN, 0})[0];
    assertEquals(Double.NaN, odds);
    assertThrows(IllegalArgumentException.class, () -> ToyClassifier.top1(odds));
  }
}
