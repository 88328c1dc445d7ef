package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.toy.ToyClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FD∞ of toy samples against the exact class-A moments, where the true FD∞ is known. */
class ToyFdInfinityTest {

  private static final List<Metric> FD_ONLY = List.of(Metric.FD, Metric.FD_INFINITY);

  private static ToyMetrics fdOf(double[] samples) {
    ToyMetrics m = new ToyMetrics(samples.length / 2, FD_ONLY, ToyMetrics.CLASS_A, ToyClass.A);
    m.accept(samples);
    return m;
  }

  @Test
  void exactSamplesHaveFdInfinityZeroWithinItsError() {
    ToyMetrics m = fdOf(ToyMetricsTest.exactSamples(11, 10_000));
    double inf = m.values().get(Metric.FD_INFINITY);
    double se = m.standardErrors().get(Metric.FD_INFINITY);
    // The true FD∞ of exact samples is 0; 3 SE (the jackknife SE errs high, so this is ≥ 3σ).
    assertTrue(se > 0 && Math.abs(inf) < 3 * se, inf + " ± " + se);
  }

  @Test
  void fdInfinityRemovesTheOneOverNBiasOfFd() {
    // 20 independent runs of N = 2000 exact samples: FD_N is biased up by ≈ 0.4/N ≈ 2e-4, FD∞ is
    // not. Means over runs are compared with 4 standard errors of the mean (from the runs' spread).
    int runs = 20;
    double[] fd = new double[runs];
    double[] inf = new double[runs];
    for (int r = 0; r < runs; r++) {
      Map<Metric, Double> v = fdOf(ToyMetricsTest.exactSamples(100 + r, 2000)).values();
      fd[r] = v.get(Metric.FD);
      inf[r] = v.get(Metric.FD_INFINITY);
    }
    double[] gap = new double[runs];
    for (int r = 0; r < runs; r++) {
      gap[r] = fd[r] - inf[r];
    }
    assertEquals(0, mean(inf), 4 * sem(inf), "mean FD∞ of exact samples");
    assertTrue(mean(gap) > 4 * sem(gap), "FD − FD∞ " + mean(gap) + " ± " + sem(gap));
  }

  @Test
  void shiftedExactSamplesHaveFdInfinityTheSquaredShift() {
    // x + δ has the exact covariance and mean μ + δ, so FD∞ = ‖δ‖² = 0.0025 exactly.
    double[] x = ToyMetricsTest.exactSamples(12, 10_000);
    for (int i = 0; i < x.length; i += 2) {
      x[i] += 0.05;
    }
    ToyMetrics m = fdOf(x);
    double se = m.standardErrors().get(Metric.FD_INFINITY);
    assertEquals(0.0025, m.values().get(Metric.FD_INFINITY), 4 * se);
    assertTrue(se < 0.0025 / 5, "SE " + se + " resolves the shift");
  }

  @Test
  void fdInfinityIsOnlyComputedWhenRequested() {
    ToyMetrics m = new ToyMetrics(1000, List.of(Metric.FD), ToyMetrics.CLASS_A, ToyClass.A);
    m.accept(ToyMetricsTest.exactSamples(13, 1000));
    assertTrue(m.values().get(Metric.FD_INFINITY).isNaN());
    assertTrue(m.standardErrors().get(Metric.FD_INFINITY).isNaN());
  }

  @Test
  void blockFitOfIdenticalBlocksIsTheCommonDistance() {
    // Every block holds the points ±(1, 0); a union of j blocks has n = 2j of them, mean 0 and
    // ddof-1 variance n/(n−1) on axis 0, so its FD to N(0, 0) is n/(n−1). The estimate must be the
    // least-squares intercept over exactly the documented windows.
    List<MomentAccumulator> blocks = new java.util.ArrayList<>();
    for (int b = 0; b < FdBlocks.BLOCKS; b++) {
      MomentAccumulator acc = new MomentAccumulator();
      acc.accept(new double[] {1, 0, -1, 0}, 2);
      blocks.add(acc);
    }
    FrechetDistance.Reference zero = new FrechetDistance.Reference(new double[2], new double[2][2]);
    int b = blocks.size();
    java.util.List<double[]> points = new java.util.ArrayList<>();
    for (int s = 0; s < b; s++) {
      for (int j = BlockFdInfinity.MIN_BLOCKS; j <= (s == 0 ? b : b - 1); j++) {
        points.add(new double[] {2 * j, 2.0 * j / (2 * j - 1)});
      }
    }
    double[] n = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] fd = points.stream().mapToDouble(p -> p[1]).toArray();
    BlockFdInfinity.Estimate e = BlockFdInfinity.against(zero, blocks);
    assertEquals(FdInfinity.fit(n, fd).intercept(), e.value(), 1e-12);
    // Identical blocks: every delete-one estimate is the same, so the jackknife SE is 0.
    assertEquals(0, e.standardError(), 1e-12);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Standard error of the mean, {@code sd/√n}. */
  private static double sem(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.length - 1) / v.length);
  }
}
