package dev.guidelab.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

  private static final ToyGroundTruth TRUTH = ToyGroundTruth.get();
  private static final GaussianMixture A = TRUTH.mixture(ToyClass.A);
  private static final double[][] POINTS = {
    {0.3, 0.4}, {1.0, 0.2}, {-0.5, 0.8}, {0.05, 0.07}, {0.9, 1.1}, {-0.4, -0.6}
  };
  private static final double[] SIGMAS = {0.005, 0.03, 0.2, 1.0, 5.0};

  @Test
  void denoiserEqualsXPlusSigmaSquaredTimesFiniteDifferenceScore() {
    for (ToyClass c : new ToyClass[] {ToyClass.A, ToyClass.AB}) {
      GaussianMixture p = TRUTH.mixture(c);
      for (double sigma : SIGMAS) {
        for (double[] x : POINTS) {
          double[] d = p.denoise(x, sigma);
          double score0 = (d[0] - x[0]) / (sigma * sigma);
          double score1 = (d[1] - x[1]) / (sigma * sigma);
          // Central difference with h scaled to the smallest length of p(·;σ) (component std ≥
          // ~0.01):
          // truncation h²f'''/6 and rounding ε|log p|/h are both ≲ 1e-8 here, so 1e-6 relative is
          // safe.
          double h = 1e-5 * (sigma + 0.01);
          double fd0 =
              (p.logDensity(x[0] + h, x[1], sigma) - p.logDensity(x[0] - h, x[1], sigma)) / (2 * h);
          double fd1 =
              (p.logDensity(x[0], x[1] + h, sigma) - p.logDensity(x[0], x[1] - h, sigma)) / (2 * h);
          double scale = 1 + Math.hypot(fd0, fd1);
          assertEquals(
              fd0, score0, 1e-6 * scale, () -> c + " σ=" + sigma + " x=" + x[0] + "," + x[1]);
          assertEquals(
              fd1, score1, 1e-6 * scale, () -> c + " σ=" + sigma + " x=" + x[0] + "," + x[1]);
        }
      }
    }
  }

  @Test
  void logDensityEqualsNaiveSumOfGaussians() {
    for (double sigma : new double[] {0, 0.01, 0.1, 1.0}) {
      for (double[] x : POINTS) {
        double naive = 0;
        for (int k = 0; k < A.size(); k++) {
          MixtureComponent c = A.component(k);
          double c00 = c.s00() + sigma * sigma;
          double c11 = c.s11() + sigma * sigma;
          double det = c00 * c11 - c.s01() * c.s01();
          double d0 = x[0] - c.mu0();
          double d1 = x[1] - c.mu1();
          double q = (c11 * d0 * d0 - 2 * c.s01() * d0 * d1 + c00 * d1 * d1) / det;
          naive += c.phi() * Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
        }
        // Both are float64 sums of ~1000 positive terms: agreement to ~1e-13 relative; 1e-11 is
        // slack.
        double log = A.logDensity(x[0], x[1], sigma);
        assertEquals(Math.log(naive), log, 1e-11 * Math.max(1, Math.abs(log)));
      }
    }
    double[] batch = {0.3, 0.4, 1.0, 0.2};
    double[] logP = A.logDensities(batch);
    assertEquals(A.logDensity(0.3, 0.4, 0), logP[0], 0);
    assertEquals(A.logDensity(1.0, 0.2, 0), logP[1], 0);
  }

  @Test
  void farAwayLogDensityIsFiniteAndVeryNegative() {
    // Plain exp would underflow to log(0) = −∞; log-sum-exp must not.
    double log = A.logDensity(30, -30, 0);
    assertTrue(Double.isFinite(log) && log < -1e4, "log p = " + log);
  }

  @Test
  void exactClassAMomentsMatchSpec() {
    // docs/toy.md prints 6 decimals: ±5e-7 rounding.
    double[] m = A.mean();
    double[][] c = A.covariance();
    assertEquals(0.371851, m[0], 5e-7);
    assertEquals(0.364607, m[1], 5e-7);
    assertEquals(0.110929, c[0][0], 5e-7);
    assertEquals(-0.016393, c[0][1], 5e-7);
    assertEquals(-0.016393, c[1][0], 5e-7);
    assertEquals(0.116614, c[1][1], 5e-7);
  }

  @Test
  void classAHas127BranchesOfUnitTotalMassAndItsShareOfTheUnion() {
    assertEquals(127, TRUTH.branchCountA());
    assertEquals(1016, A.size());
    assertEquals(2032, TRUTH.mixture(ToyClass.AB).size());
    double total = 0;
    for (double m : TRUTH.branchMassesA()) {
      assertTrue(m > 0);
      total += m;
    }
    assertEquals(1, total, 1e-12);
    // P(A) in A∪B = mass_A / (mass_A + mass_B) with the raw masses 8.325512 and 9.127987 of
    // docs/toy.md
    // (= 0.477011; the spec's printed 0.477025 does not follow from its own masses). Class-A
    // components
    // come first in the file, so they are the first 1016 of the union.
    GaussianMixture ab = TRUTH.mixture(ToyClass.AB);
    double shareA = 0;
    for (int k = 0; k < A.size(); k++) {
      shareA += ab.weight(k);
      assertEquals(A.component(k).mu0(), ab.component(k).mu0(), 0);
    }
    assertEquals(8.325512 / (8.325512 + 9.127987), shareA, 1e-6);
  }

  @Test
  void maximumLogDensityAtComponentMeansIs290122() {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < A.size(); k++) {
      MixtureComponent c = A.component(k);
      max = Math.max(max, A.logDensity(c.mu0(), c.mu1(), 0));
    }
    // The float64 maximum is 2.9011660 (numpy float64 on the same JSON agrees to 1e-14);
    // docs/toy.md
    // prints 2.90122, 5.4e-5 higher — presumably from the float32 reference pipeline. 1e-4 accepts
    // the
    // spec's figure while still catching any wrong normaliser (log 2π, ½ log det errors are ≥ 0.1).
    assertEquals(2.90122, max, 1e-4);
    assertEquals(2.9011660440768, max, 1e-9);
  }

  @Test
  void mostResponsibleComponentOfAComponentMeanIsUsuallyThatComponent() {
    int own = 0;
    for (int k = 0; k < A.size(); k++) {
      MixtureComponent c = A.component(k);
      if (A.mostResponsibleComponent(c.mu0(), c.mu1()) == k) {
        own++;
      }
    }
    // Neighbouring components of a branch overlap, so not all; but most means are their own argmax.
    assertTrue(own > A.size() / 2, "own argmax for " + own + " of " + A.size());
  }

  @Test
  void noisyDrawsHaveTheExactNoisyMoments() {
    double sigma = 0.5;
    int n = 200_000;
    double[] x = new double[2 * n];
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      A.drawNoisy(rng, sigma, x, 2 * i);
    }
    double[] m = A.mean();
    double[][] c = A.covariance();
    double s0 = 0;
    double s1 = 0;
    double s00 = 0;
    double s01 = 0;
    double s11 = 0;
    for (int i = 0; i < n; i++) {
      double d0 = x[2 * i] - m[0];
      double d1 = x[2 * i + 1] - m[1];
      s0 += d0;
      s1 += d1;
      s00 += d0 * d0;
      s01 += d0 * d1;
      s11 += d1 * d1;
    }
    // Var ≈ 0.36 per coordinate: the mean's std error is 0.6/√n ≈ 1.3e-3, a (co)variance's about
    // 0.36·√(2/n) ≈ 1.1e-3; 5e-3 is about four standard errors.
    assertEquals(0, s0 / n, 5e-3);
    assertEquals(0, s1 / n, 5e-3);
    assertEquals(c[0][0] + sigma * sigma, s00 / n, 5e-3);
    assertEquals(c[0][1], s01 / n, 5e-3);
    assertEquals(c[1][1] + sigma * sigma, s11 / n, 5e-3);
  }
}
