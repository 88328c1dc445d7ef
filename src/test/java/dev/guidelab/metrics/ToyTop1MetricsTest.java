package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Top-1 class diagnostic on exact samples (docs/metrics.md, "Top-N class diagnostic"). Bounds
 * are 4 standard errors: a two-sided miss probability of 6e-5 per check for a correct
 * implementation (the seeds are fixed, so a pass is reproducible); a wrong reference class or prior
 * moves the values by far more (r_A is 0.9956 for A, 0.0042 for B, 0.4771 for A∪B).
 */
class ToyTop1MetricsTest {

  private static final int N = 20_000;
  private static final List<Metric> TOP1 = List.of(Metric.TOP1_A, Metric.TOP1_TV);

  /** {@code n} exact samples of class {@code c}, sample k drawn from its own seed (seed, k). */
  private static double[] exactSamples(ToyClass c, long seed, int n) {
    GaussianMixture p = ToyGroundTruth.get().mixture(c);
    double[] x = new double[2 * n];
    for (int k = 0; k < n; k++) {
      p.drawNoisy(SampleRandom.forSample(seed, k), 0, x, 2 * k);
    }
    return x;
  }

  private static ToyMetrics top1Of(double[] samples, ToyClass reference) {
    ToyMetrics m = new ToyMetrics(samples.length / 2, TOP1, ToyMetrics.CLASS_A, reference);
    m.accept(samples);
    return m;
  }

  /** Exact samples of each class match their own reference histogram. */
  @Test
  @SuppressWarnings("EnumOrdinal") // the ordinal only picks a distinct seed per class
  void exactSamplesOfTheReferenceClassHaveItsTop1ShareAndNearZeroDistance() {
    for (ToyClass c : ToyClass.values()) {
      ToyMetrics m = top1Of(exactSamples(c, 11 + c.ordinal(), N), c);
      double p = m.values().get(Metric.TOP1_A);
      double se = m.standardErrors().get(Metric.TOP1_A);
      double rA = ToyTop1Reference.classifiedA(c).value();
      assertEquals(Math.sqrt(p * (1 - p) / N), se, 1e-15, c.name());
      assertEquals(rA, p, 4 * Math.sqrt(rA * (1 - rA) / N), c.name());
      assertEquals(Math.abs(p - rA), m.values().get(Metric.TOP1_TV), 1e-15, c.name());
      assertTrue(
          m.values().get(Metric.TOP1_TV) < 4 * m.standardErrors().get(Metric.TOP1_TV),
          c + ": " + m.values());
    }
  }

  /** Samples of A∪B are classified A at about the class-A mass share π_A. */
  @Test
  void unionSamplesAreClassifiedAAtTheClassAMassShare() {
    double piA = ToyGroundTruth.get().classPrior(ToyClass.A);
    ToyMetrics m = top1Of(exactSamples(ToyClass.AB, 13, N), ToyClass.AB);
    // |r_A(AB) − π_A| ≈ 7e-5 (the two Bayes errors nearly cancel), below the SE ≈ 3.5e-3.
    assertEquals(piA, m.values().get(Metric.TOP1_A), 4 * Math.sqrt(piA * (1 - piA) / N));
  }

  /** Class-B samples measured against class A differ in nearly their whole histogram. */
  @Test
  void classBSamplesAgainstClassAAreFarApart() {
    ToyMetrics m = top1Of(exactSamples(ToyClass.B, 17, N), ToyClass.A);
    double expected =
        ToyTop1Reference.classifiedA(ToyClass.A).value()
            - ToyTop1Reference.classifiedA(ToyClass.B).value();
    Map<Metric, Double> se = m.standardErrors();
    assertEquals(expected, m.values().get(Metric.TOP1_TV), 4 * se.get(Metric.TOP1_TV));
    assertTrue(expected > 0.99, "r_A(A) − r_A(B) = " + expected);
  }

  @Test
  void aSampleWithoutAPosteriorLeavesTheShareUndefined() {
    ToyMetrics m = top1Of(new double[] {0.3, 0.4, Double.NaN, 0.1}, ToyClass.A);
    assertEquals(Double.NaN, m.values().get(Metric.TOP1_A));
    assertEquals(Double.NaN, m.values().get(Metric.TOP1_TV));
  }
}
