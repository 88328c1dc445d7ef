package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The toy's k-NN, KID and jackknife values against exact class-A samples. */
class ToyNeighbourMetricsTest {

  private static final GaussianMixture A = ToyGroundTruth.get().mixture(ToyClass.A);

  private static double[] exactSamples(long seed, int n) {
    return ToyMetricsTest.exactSamples(seed, n);
  }

  @Test
  void exactSamplesScoreLikeTheTruth() {
    ToyMetrics m = new ToyMetrics();
    m.accept(exactSamples(9, 5000));
    Map<Metric, Double> v = m.values();
    Map<Metric, Double> se = m.standardErrors();
    // Same distribution: P/R near 1, density ≈ 1. Coverage with M = 5k generated against N = 10k
    // real: a real ball holds ≈ k = 5 real neighbours and so ≈ k·M/N = 2.5 generated samples on
    // average; empty with probability ≈ (1 + M/N)^(−k) = 1.5^(−5) ≈ 0.13, so coverage ≈ 0.87.
    assertTrue(v.get(Metric.PRECISION) > 0.9, v.toString());
    assertTrue(v.get(Metric.RECALL) > 0.9, v.toString());
    assertEquals(1, v.get(Metric.DENSITY), 0.05, v.toString());
    assertEquals(0.87, v.get(Metric.COVERAGE), 0.03, v.toString());
    // Unbiased KID and the bias-corrected FD are 0 within a few of their errors.
    assertTrue(Math.abs(v.get(Metric.KID)) < 4 * se.get(Metric.KID), v + " " + se);
    assertTrue(Math.abs(v.get(Metric.FD_DEBIASED)) < 4 * se.get(Metric.FD), v + " " + se);
    assertTrue(v.get(Metric.FD) > 0);
    assertEquals(
        List.of(
            Metric.TOP1_A,
            Metric.TOP1_TV,
            Metric.FD,
            Metric.FD_DEBIASED,
            Metric.FD_INFINITY,
            Metric.KID,
            Metric.REALISM,
            Metric.RARITY),
        List.copyOf(se.keySet()));
  }

  @Test
  void collapsedSamplesLoseRecallAndCoverageButNotPrecision() {
    // Every sample at the most likely component mean ± tiny jitter: CFG-like mode collapse.
    var c = A.component(0);
    double[] x = new double[2 * 2000];
    for (int i = 0; i < 2000; i++) {
      x[2 * i] = c.mu0() + 1e-4 * Math.sin(i);
      x[2 * i + 1] = c.mu1() + 1e-4 * Math.cos(i);
    }
    ToyMetrics m = new ToyMetrics();
    m.accept(x);
    Map<Metric, Double> v = m.values();
    assertTrue(v.get(Metric.RECALL) < 0.05, v.toString());
    assertTrue(v.get(Metric.COVERAGE) < 0.05, v.toString());
    assertTrue(v.get(Metric.KID) > 0, v.toString());
  }

  @Test
  void neighbourMetricsUpdateAtCheckpointsAndAreExactAtThePlannedEnd() {
    double[] x = exactSamples(3, 1300);
    ToyMetrics streamed = new ToyMetrics(1300);
    streamed.accept(Arrays.copyOfRange(x, 0, 2 * 1000));
    double at1000 = streamed.values().get(Metric.PRECISION);
    streamed.accept(Arrays.copyOfRange(x, 2 * 1000, 2 * 1200));
    // 1200 < 1.5 × 1000 and not the planned end: still the 1000-sample value.
    assertEquals(at1000, streamed.values().get(Metric.PRECISION), 0);
    streamed.accept(Arrays.copyOfRange(x, 2 * 1200, x.length));
    ToyMetrics oneShot = new ToyMetrics();
    oneShot.accept(x);
    // k-NN values are bit-identical; moments differ by summation order only (~1e-16).
    for (Metric name : Metric.allowed(Metric.Domain.TOY)) {
      assertEquals(oneShot.values().get(name), streamed.values().get(name), 1e-12, name.wireName());
    }
    for (Metric name : oneShot.standardErrors().keySet()) {
      assertEquals(
          oneShot.standardErrors().get(name),
          streamed.standardErrors().get(name),
          1e-12,
          name.wireName());
    }
    assertEquals(oneShot.values().get(Metric.COVERAGE), streamed.values().get(Metric.COVERAGE), 0);
  }

  @Test
  void onlyTheFirstTenThousandSamplesEnterTheNeighbourMetrics() {
    double[] first = exactSamples(5, ToyMetrics.KNN_SAMPLES);
    ToyMetrics more = new ToyMetrics();
    more.accept(first);
    more.accept(new double[] {10, 10, -10, 10}); // far outliers after the cap
    ToyMetrics exact = new ToyMetrics();
    exact.accept(first);
    assertEquals(exact.values().get(Metric.PRECISION), more.values().get(Metric.PRECISION), 0);
    assertEquals(exact.values().get(Metric.KID), more.values().get(Metric.KID), 0);
  }

  @Test
  void tooFewSamplesLeaveTheNewMetricsUndefined() {
    ToyMetrics m = new ToyMetrics();
    m.accept(exactSamples(1, 5));
    Map<Metric, Double> v = m.values();
    for (Metric name : List.of(Metric.FD_DEBIASED, Metric.PRECISION, Metric.KID)) {
      assertTrue(v.get(name).isNaN(), name.wireName());
    }
    assertTrue(m.standardErrors().get(Metric.FD).isNaN());
  }

  @Test
  void referenceSetIsExactClassASamplesDrawnOnce() {
    ReferenceSet ref = ToyReferenceSamples.get();
    assertEquals(ToyReferenceSamples.SIZE, ref.samples().length);
    assertTrue(ref == ToyReferenceSamples.get());
    // Mean of 10k exact samples within 5 standard errors of the exact class-A mean.
    double[] mu = A.mean();
    double[][] sigma = A.covariance();
    for (int j = 0; j < 2; j++) {
      double mean = 0;
      for (double[] s : ref.samples()) {
        mean += s[j] / ref.samples().length;
      }
      assertEquals(mu[j], mean, 5 * Math.sqrt(sigma[j][j] / ref.samples().length), "axis " + j);
    }
  }
}
