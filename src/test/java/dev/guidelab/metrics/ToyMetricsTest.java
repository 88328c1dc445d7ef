package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToyMetricsTest {

  private static final GaussianMixture A = ToyGroundTruth.get().mixture(ToyClass.A);

  /** {@code n} exact class-A samples, sample k drawn from its own seed (seed, k). */
  static double[] exactSamples(long seed, int n) {
    double[] x = new double[2 * n];
    for (int k = 0; k < n; k++) {
      A.drawNoisy(SampleRandom.forSample(seed, k), 0, x, 2 * k);
    }
    return x;
  }

  @Test
  void valuesAreOrderedAsNames() {
    ToyMetrics m = new ToyMetrics();
    m.accept(exactSamples(2, 10));
    assertEquals(Metric.allowed(Metric.Domain.TOY), new ArrayList<>(m.values().keySet()));
  }

  @Test
  void unrequestedMetricsAreNotComputedAndTheDefaultOnesAreTheSame() {
    double[] x = exactSamples(5, 500);
    ToyMetrics all = new ToyMetrics(500);
    ToyMetrics defaults =
        new ToyMetrics(500, Metric.defaults(Metric.Domain.TOY), ToyMetrics.CLASS_A, ToyClass.A);
    all.accept(x);
    defaults.accept(x);
    for (Metric name : Metric.allowed(Metric.Domain.TOY)) {
      if (Metric.defaults(Metric.Domain.TOY).contains(name)) {
        assertEquals(all.values().get(name), defaults.values().get(name), 0, name.wireName());
      } else {
        assertEquals(Double.NaN, defaults.values().get(name), name.wireName());
        assertEquals(false, Double.isNaN(all.values().get(name)), name.wireName());
      }
    }
  }

  @Test
  void mergedBatchesGiveTheMetricsOfOnePass() {
    double[] x = exactSamples(4, 3000);
    ToyMetrics whole = new ToyMetrics();
    whole.accept(x);
    ToyMetrics left = new ToyMetrics();
    ToyMetrics right = new ToyMetrics();
    left.accept(Arrays.copyOfRange(x, 0, 2 * 1234));
    right.accept(Arrays.copyOfRange(x, 2 * 1234, x.length));
    left.merge(right);
    assertEquals(3000, left.n());
    Map<Metric, Double> expected = whole.values();
    Map<Metric, Double> merged = left.values();
    for (Metric name : Metric.allowed(Metric.Domain.TOY)) {
      // Counts are exact; sums and moments differ only by summation order (~1e-15 relative).
      assertEquals(expected.get(name), merged.get(name), 1e-12, name.wireName());
    }
  }

  @Test
  void farAwaySampleIsAnOutlierFarAndClipped() {
    ToyMetrics m = new ToyMetrics();
    // One sample at a component mean (log p ≈ 2.9) and one at (10, 10) (log p ≪ −10).
    var c = A.component(0);
    m.accept(new double[] {c.mu0(), c.mu1(), 10, 10});
    Map<Metric, Double> v = m.values();
    double logNear = A.logDensity(c.mu0(), c.mu1(), 0);
    double logFar = A.logDensity(10, 10, 0);
    assertEquals((logNear + logFar) / 2, v.get(Metric.LOG_LIKELIHOOD), 1e-9);
    assertEquals((logNear - 10) / 2, v.get(Metric.LOG_LIKELIHOOD_CLIPPED), 1e-12);
    assertEquals(0.5, v.get(Metric.OUTLIER_FRACTION), 0);
    assertEquals(0.5, v.get(Metric.FAR_FRACTION), 0);
    // Each sample counts for the branch of its most responsible component; (10, 10) may share one.
    ToyGroundTruth truth = ToyGroundTruth.get();
    int near = truth.branchOfA(A.mostResponsibleComponent(c.mu0(), c.mu1()));
    int far = truth.branchOfA(A.mostResponsibleComponent(10, 10));
    assertEquals(near == far ? 1 : 2, v.get(Metric.BRANCHES_HIT), 0);
  }
}
