package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Delete-one-block jackknife of FD: bias removal and standard error against repeated runs. */
class FrechetJackknifeTest {

  private static final int RUNS = 40;
  private static final int BLOCKS = 20;
  private static final int PER_BLOCK = 100; // N = 2,000 per set

  /**
   * Two independent sample sets of a 2-D Gaussian (correlated, unequal variances), blocked; the
   * second shifted by {@code shift} along the first axis.
   */
  private static FrechetJackknife.Estimate run(SplittableRandom rng, double shift) {
    List<MomentAccumulator> a = new ArrayList<>();
    List<MomentAccumulator> b = new ArrayList<>();
    for (int k = 0; k < BLOCKS; k++) {
      a.add(block(rng, 0));
      b.add(block(rng, shift));
    }
    return FrechetJackknife.between(a, b);
  }

  private static MomentAccumulator block(SplittableRandom rng) {
    return block(rng, 0);
  }

  private static MomentAccumulator block(SplittableRandom rng, double shift) {
    double[] x = new double[2 * PER_BLOCK];
    for (int i = 0; i < PER_BLOCK; i++) {
      double n0 = KernelInceptionDistanceTest.gauss(rng);
      double n1 = KernelInceptionDistanceTest.gauss(rng);
      x[2 * i] = 1 + shift + 2 * n0;
      x[2 * i + 1] = -1 + 0.6 * n0 + 0.5 * n1;
    }
    MomentAccumulator m = new MomentAccumulator();
    m.accept(x, 2);
    return m;
  }

  @Test
  void sameGaussianGivesDebiasedFdNearZeroAndAnHonestStandardError() {
    SplittableRandom rng = new SplittableRandom(2024);
    double[] fd = new double[RUNS];
    double[] debiased = new double[RUNS];
    double meanVariance = 0;
    for (int r = 0; r < RUNS; r++) {
      FrechetJackknife.Estimate e = run(rng, 0);
      fd[r] = e.fd();
      debiased[r] = e.debiased();
      meanVariance += e.standardError() * e.standardError() / RUNS;
      // Each run: the bias-corrected value is 0 within 4 SE (FD_all itself is biased upward).
      assertTrue(Math.abs(e.debiased()) < 4 * e.standardError(), "run " + r + ": " + e);
    }
    double spread = std(fd);
    // The plug-in FD is biased upward by ≈ b/N; the corrected one averages to 0 within its noise:
    // |mean| < 3·std/√RUNS.
    assertTrue(mean(fd) > 3 * spread / Math.sqrt(RUNS), "FD_N is biased: " + mean(fd));
    assertTrue(
        Math.abs(mean(debiased)) < 3 * std(debiased) / Math.sqrt(RUNS),
        "debiased mean " + mean(debiased) + " ± " + std(debiased) / Math.sqrt(RUNS));
    // At equal distributions FD is degenerate (no linear term: a quadratic form T = zᵀAz in the
    // block-averaged deviations z), and there the jackknife variance is biased upward by a factor →
    // 2: T_(−b) − T ≈ −2zᵀA(u_b − z)/(B−1), so E[v_jack] ≈ 4 tr((AC)²)/B² against Var T = 2
    // tr((AC)²)/B² (Efron & Stein 1981 bound it from above; this is the degenerate extreme). So the
    // check is √(mean SE²) ≈ √2 × spread, within a factor 1.5 (noise as in the non-degenerate test
    // below). The mean of SE itself is lower, ≈ 1.25 × spread (Jensen: SE is χ-distributed here);
    // a 300-run numpy simulation of this set-up gives 1.25 and √(mean SE²)/spread ≈ 1.44.
    double ratio = Math.sqrt(meanVariance) / (Math.sqrt(2) * spread);
    assertTrue(
        ratio > 1 / 1.5 && ratio < 1.5,
        "rms SE " + Math.sqrt(meanVariance) + " vs √2 × spread " + Math.sqrt(2) * spread);
  }

  @Test
  void standardErrorMatchesTheSpreadOverIndependentRunsWhenTheGaussiansDiffer() {
    SplittableRandom rng = new SplittableRandom(7);
    double[] fd = new double[RUNS];
    double meanSe = 0;
    for (int r = 0; r < RUNS; r++) {
      FrechetJackknife.Estimate e = run(rng, 1.0);
      fd[r] = e.fd();
      meanSe += e.standardError() / RUNS;
    }
    // FD ≈ δ² + 2δ(x̄₁ − x̄₂)₀ + … with δ = 1: the linear term dominates, the jackknife is
    // consistent and the
    // mean SE should equal the true std of FD. Tolerance: the observed spread is the sample std of
    // 40 runs, relative SE ≈ 1/√(2·39) ≈ 11%; the mean of 40 SEs (each ~1/√(2·19) ≈ 16% noisy) is
    // good to ≈ 3%; the jackknife's own upward bias is O(1/B) ≈ 5%. A factor 1.5 (≈ +50%/−33%) is
    // > 3σ of that noise, yet catches the usual slips: dropping the /B of (B−1)/B scales the SE by
    // √B ≈ 4.5, the variance-of-a-mean formula 1/(B(B−1)) by 1/(B−1).
    double spread = std(fd);
    double ratio = meanSe / spread;
    assertTrue(ratio > 1 / 1.5 && ratio < 1.5, "mean SE " + meanSe + " vs spread " + spread);
    assertEquals(1.0, mean(fd), 3 * spread / Math.sqrt(RUNS) + 0.01, "FD ≈ δ² = 1");
  }

  @Test
  void referenceVersionAgreesWithBetweenForAnExactSecondSet() {
    // A fixed reference Gaussian is the limit of a second set; the API takes it directly.
    SplittableRandom rng = new SplittableRandom(5);
    List<MomentAccumulator> blocks = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      blocks.add(block(rng));
    }
    FrechetDistance.Reference ref =
        new FrechetDistance.Reference(new double[] {1, -1}, new double[][] {{4, 1.2}, {1.2, 0.61}});
    FrechetJackknife.Estimate e = FrechetJackknife.against(ref, blocks);
    MomentAccumulator all = new MomentAccumulator();
    blocks.forEach(all::merge);
    assertEquals(ref.distanceTo(all.mean(), all.covariance()), e.fd(), 1e-12);
    assertEquals(10, e.blocks());
    assertTrue(e.standardError() > 0);
    assertTrue(e.debiased() < e.fd(), "bias correction lowers FD: " + e);
  }

  @Test
  void identicalBlocksHaveZeroStandardError() {
    MomentAccumulator m = new MomentAccumulator();
    m.accept(new double[] {0, 0, 1, 0, 0, 1, 1, 1}, 2);
    FrechetJackknife.Estimate e = FrechetJackknife.between(List.of(m, m, m), List.of(m, m, m));
    assertEquals(0, e.standardError(), 1e-12);
    assertEquals(e.fd(), e.debiased(), 1e-12);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }
}
