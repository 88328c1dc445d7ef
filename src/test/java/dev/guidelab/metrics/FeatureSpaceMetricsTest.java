package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Metrics in a feature space: the Fréchet distance from streamed moments with its jackknife and FD∞
 * at the end, and the k-NN and kernel metrics against stored reference vectors at checkpoints.
 */
class FeatureSpaceMetricsTest {

  private static final int D = 8;
  private static final int N = 4000;

  /** Features ~ N(δ·1, diag(1..D)), {@code [N, D]}. */
  private static double[] features(long seed, double shift) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[N * D];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        x[i * D + j] = shift + Math.sqrt(j + 1) * gaussian(rng);
      }
    }
    return x;
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
        * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  private static FrechetDistance.Reference exact() {
    double[][] sigma = new double[D][D];
    for (int j = 0; j < D; j++) {
      sigma[j][j] = j + 1;
    }
    return new FrechetDistance.Reference(new double[D], sigma);
  }

  private static FeatureSpaceMetrics stream(double[] x, int batch) {
    FeatureSpaceMetrics m = new FeatureSpaceMetrics(N, exact());
    for (int from = 0; from < N; from += batch) {
      int to = Math.min(N, from + batch);
      m.accept(Arrays.copyOfRange(x, from * D, to * D), D);
    }
    return m;
  }

  @Test
  void exactSamplesGiveADebiasedDistanceOfZeroWithinItsStandardError() {
    FeatureSpaceMetrics m = stream(features(1, 0), 1000);
    double fd = m.values().get(Metric.FD);
    double debiased = m.values().get(Metric.FD_DEBIASED);
    double se = m.standardErrors().get(Metric.FD);
    // Plug-in FD is biased up by ≈ tr Σ/N + … = 36/4000 ≈ 0.01; the jackknife removes it.
    assertTrue(fd > 0 && fd < 0.05, "fd " + fd);
    assertTrue(se > 0 && se < 0.05, "se " + se);
    assertTrue(Math.abs(debiased) < 4 * se, "debiased " + debiased + " ± " + se);
  }

  @Test
  void aShiftedMeanGivesItsSquaredNormWithinStandardErrors() {
    FeatureSpaceMetrics m = stream(features(2, 0.5), 1000);
    double expected = D * 0.25; // ‖δ‖² = 8 · 0.5²
    double se = m.standardErrors().get(Metric.FD);
    assertEquals(expected, m.values().get(Metric.FD_DEBIASED), 4 * se);
  }

  @Test
  void partialValuesHaveFdOnlyAndTheResultDoesNotDependOnBatching() {
    double[] x = features(3, 0.1);
    FeatureSpaceMetrics partial = new FeatureSpaceMetrics(N, exact());
    partial.accept(Arrays.copyOfRange(x, 0, 1000 * D), D);
    assertTrue(Double.isFinite(partial.values().get(Metric.FD)));
    assertTrue(Double.isNaN(partial.values().get(Metric.FD_DEBIASED)));
    assertTrue(Double.isNaN(partial.standardErrors().get(Metric.FD)));

    Map<Metric, Double> whole = stream(x, N).values();
    Map<Metric, Double> batched = stream(x, 7).values();
    assertEquals(whole.get(Metric.FD), batched.get(Metric.FD), 1e-12);
    assertEquals(whole.get(Metric.FD_DEBIASED), batched.get(Metric.FD_DEBIASED), 1e-12);
  }

  /** The reference's stored vectors: exact samples of another seed, {@code [N][D]}. */
  private static ReferenceSet referenceSet() {
    double[] x = features(99, 0);
    double[][] rows = new double[N][];
    for (int i = 0; i < N; i++) {
      rows[i] = Arrays.copyOfRange(x, i * D, (i + 1) * D);
    }
    return new ReferenceSet(rows);
  }

  private static FeatureSpaceMetrics everything(double[] x) {
    long[] referenceTop1 = new long[2];
    TopN.addTop1(logits(features(99, 0)), referenceTop1);
    FeatureSpaceMetrics m =
        new FeatureSpaceMetrics(
            N,
            Metric.allowed(Metric.Domain.IMAGE),
            exact(),
            FeatureSpaceMetricsTest::referenceSet,
            referenceTop1);
    for (int from = 0; from < N; from += 1000) {
      double[] batch = Arrays.copyOfRange(x, from * D, (from + 1000) * D);
      m.accept(batch, D);
      m.acceptLogits(logits(batch));
    }
    return m;
  }

  /** A two-class head on features {@code [m, D]}: logits {@code (x₀, −x₀)}, class 0 iff x₀ > 0. */
  private static double[] logits(double[] x) {
    int m = x.length / D;
    double[] z = new double[2 * m];
    for (int i = 0; i < m; i++) {
      z[2 * i] = x[i * D];
      z[2 * i + 1] = -x[i * D];
    }
    return z;
  }

  @Test
  void exactSamplesScoreLikeTheReferenceOnEveryFeatureSpaceMetric() {
    FeatureSpaceMetrics m = everything(features(4, 0));
    Map<Metric, Double> v = m.values();
    Map<Metric, Double> se = m.standardErrors();
    assertEquals(Metric.allowed(Metric.Domain.IMAGE), List.copyOf(v.keySet()));
    assertEquals(
        List.of(
            Metric.TOP1_TV,
            Metric.FD,
            Metric.FD_DEBIASED,
            Metric.FD_INFINITY,
            Metric.KID,
            Metric.REALISM,
            Metric.RARITY),
        List.copyOf(se.keySet()));
    // FD∞ removes the O(1/n) bias as the jackknife does: 0 within its error bar.
    double inf = v.get(Metric.FD_INFINITY);
    assertTrue(se.get(Metric.FD_INFINITY) > 0, se.toString());
    assertTrue(Math.abs(inf) < 4 * se.get(Metric.FD_INFINITY), v + " " + se);
    // Same distribution: P/R near 1 (k = 3 balls in 8-D), density ≈ 1, KID 0 within its spread.
    assertTrue(v.get(Metric.PRECISION) > 0.85, v.toString());
    assertTrue(v.get(Metric.RECALL) > 0.85, v.toString());
    assertEquals(1, v.get(Metric.DENSITY), 0.05, v.toString());
    assertTrue(v.get(Metric.COVERAGE) > 0.9, v.toString());
    assertTrue(Math.abs(v.get(Metric.KID)) < 3 * se.get(Metric.KID), v + " " + se);
    // Half the samples lie deeper inside the retained reference balls than their edge.
    assertEquals(1, v.get(Metric.REALISM), 0.05, v.toString());
    // Both histograms ≈ (½, ½): TV = |p̂₀ − q̂₀| with SE ½√(1/N + 1/N) = 0.0112.
    assertEquals(0.5 * Math.sqrt(2.0 / N), se.get(Metric.TOP1_TV), 2e-4, se.toString());
    assertTrue(v.get(Metric.TOP1_TV) < 4 * se.get(Metric.TOP1_TV), v + " " + se);
  }

  @Test
  void aShiftedMeanIsWorseOnEveryFeatureSpaceMetric() {
    Map<Metric, Double> exact = everything(features(4, 0)).values();
    FeatureSpaceMetrics m = everything(features(5, 1));
    Map<Metric, Double> v = m.values();
    Map<Metric, Double> se = m.standardErrors();
    // ‖δ‖² = 8 · 1²; the covariances agree.
    assertEquals(D, v.get(Metric.FD_INFINITY), 4 * se.get(Metric.FD_INFINITY));
    for (Metric lower : List.of(Metric.PRECISION, Metric.RECALL, Metric.DENSITY, Metric.COVERAGE)) {
      assertTrue(v.get(lower) < exact.get(lower) - 0.05, lower + ": " + v + " vs " + exact);
    }
    assertTrue(v.get(Metric.KID) > 10 * se.get(Metric.KID), v + " " + se);
    double realismSe = se.get(Metric.REALISM);
    assertTrue(v.get(Metric.REALISM) < exact.get(Metric.REALISM) - 10 * realismSe);
    // Shifted samples land in the sparser outskirts of the reference: larger balls, rarer.
    double raritySe = se.get(Metric.RARITY);
    assertTrue(v.get(Metric.RARITY) > exact.get(Metric.RARITY) + 10 * raritySe);
    // x₀ ~ N(1, 1) is positive with probability Φ(1) = 0.8413 against ½ in the reference.
    double tvSe = se.get(Metric.TOP1_TV);
    assertEquals(0.8413 - 0.5, v.get(Metric.TOP1_TV), 4 * tvSe, v + " " + se);
  }

  @Test
  void neighbourMetricsArriveAtCheckpointsAndFdInfinityAtTheEnd() {
    double[] x = features(6, 0);
    int[] asked = {0};
    FeatureSpaceMetrics m =
        new FeatureSpaceMetrics(
            N,
            List.of(Metric.FD, Metric.FD_INFINITY, Metric.PRECISION),
            exact(),
            () -> {
              asked[0]++;
              return referenceSet();
            },
            null);
    m.accept(Arrays.copyOfRange(x, 0, 1000 * D), D);
    Map<Metric, Double> partial = m.values();
    assertTrue(Double.isFinite(partial.get(Metric.PRECISION)), partial.toString());
    assertTrue(Double.isNaN(partial.get(Metric.FD_INFINITY)), partial.toString());
    assertTrue(Double.isNaN(partial.get(Metric.KID)), "not requested: " + partial);
    m.accept(Arrays.copyOfRange(x, 1000 * D, N * D), D);
    Map<Metric, Double> done = m.values();
    assertTrue(Double.isFinite(done.get(Metric.FD_INFINITY)), done.toString());
    assertNotEquals(partial.get(Metric.PRECISION), done.get(Metric.PRECISION));
    assertEquals(1, asked[0], "the reference vectors are fetched once");

    assertThrows(
        IllegalArgumentException.class,
        () -> new FeatureSpaceMetrics(N, List.of(Metric.KID), exact(), null, null));
  }
}
