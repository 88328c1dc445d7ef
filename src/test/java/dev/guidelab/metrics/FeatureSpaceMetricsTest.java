package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fréchet distance in a feature space from streamed moments, with its jackknife at the end. */
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
    double fd = m.values().get(ToyMetrics.FD);
    double debiased = m.values().get(ToyMetrics.FD_DEBIASED);
    double se = m.standardErrors().get(ToyMetrics.FD);
    // Plug-in FD is biased up by ≈ tr Σ/N + … = 36/4000 ≈ 0.01; the jackknife removes it.
    assertTrue(fd > 0 && fd < 0.05, "fd " + fd);
    assertTrue(se > 0 && se < 0.05, "se " + se);
    assertTrue(Math.abs(debiased) < 4 * se, "debiased " + debiased + " ± " + se);
  }

  @Test
  void aShiftedMeanGivesItsSquaredNormWithinStandardErrors() {
    FeatureSpaceMetrics m = stream(features(2, 0.5), 1000);
    double expected = D * 0.25; // ‖δ‖² = 8 · 0.5²
    double se = m.standardErrors().get(ToyMetrics.FD);
    assertEquals(expected, m.values().get(ToyMetrics.FD_DEBIASED), 4 * se);
  }

  @Test
  void partialValuesHaveFdOnlyAndTheResultDoesNotDependOnBatching() {
    double[] x = features(3, 0.1);
    FeatureSpaceMetrics partial = new FeatureSpaceMetrics(N, exact());
    partial.accept(Arrays.copyOfRange(x, 0, 1000 * D), D);
    assertTrue(Double.isFinite(partial.values().get(ToyMetrics.FD)));
    assertTrue(Double.isNaN(partial.values().get(ToyMetrics.FD_DEBIASED)));
    assertTrue(Double.isNaN(partial.standardErrors().get(ToyMetrics.FD)));

    Map<String, Double> whole = stream(x, N).values();
    Map<String, Double> batched = stream(x, 7).values();
    assertEquals(whole.get(ToyMetrics.FD), batched.get(ToyMetrics.FD), 1e-12);
    assertEquals(whole.get(ToyMetrics.FD_DEBIASED), batched.get(ToyMetrics.FD_DEBIASED), 1e-12);
  }
}
