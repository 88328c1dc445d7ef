package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-point realism and rarity aggregates of toy samples. */
class ToyScoreMetricsTest {

  private static final List<Metric> SCORES =
      List.of(Metric.PRECISION, Metric.REALISM, Metric.RARITY);

  /** Per-sample realism and rarity of toy samples against the exact class-A reference balls. */
  private record ToySampleScores(double[] realism, double[] rarity) {

    /** Scores {@code samples} ({@code [n, 2]} row-major). */
    static ToySampleScores of(double[] samples) {
      double[][] points = new double[samples.length / 2][];
      for (int i = 0; i < points.length; i++) {
        points[i] = new double[] {samples[2 * i], samples[2 * i + 1]};
      }
      NearestNeighbours.Balls balls = ToyReferenceSamples.get().precisionRecallBalls();
      return new ToySampleScores(Realism.dgmEval(balls, points), Rarity.scores(balls, points));
    }
  }

  private static ToyMetrics scoresOf(double[] samples) {
    ToyMetrics m = new ToyMetrics(samples.length / 2, SCORES, ToyMetrics.CLASS_A, ToyClass.A);
    m.accept(samples);
    return m;
  }

  @Test
  void realismIsTheMedianAndRarityTheMeanOverSamplesInsideABall() {
    double[] x = ToyMetricsTest.exactSamples(21, 3000);
    Map<Metric, Double> v = scoresOf(x).values();
    ToySampleScores s = ToySampleScores.of(x);
    double[] realism = s.realism().clone();
    Arrays.sort(realism);
    assertEquals((realism[1499] + realism[1500]) / 2, v.get(Metric.REALISM), 0);
    double[] inside = Arrays.stream(s.rarity()).filter(r -> !Double.isNaN(r)).toArray();
    assertEquals(Arrays.stream(inside).average().orElseThrow(), v.get(Metric.RARITY), 1e-15);
    // Samples without a rarity are those outside every k = 3 ball: 1 − precision (≤ and < differ
    // only on a null set).
    assertEquals(1 - v.get(Metric.PRECISION), 1 - inside.length / 3000.0, 1e-12);
  }

  @Test
  void independentExactDrawsAgreeWithinTheStatedErrors() {
    // Two independent draws of 5000 exact samples estimate the same values; their difference must
    // lie within 4 combined standard errors, which checks the errors are not understated.
    ToyMetrics a = scoresOf(ToyMetricsTest.exactSamples(22, 5000));
    ToyMetrics b = scoresOf(ToyMetricsTest.exactSamples(23, 5000));
    for (Metric name : List.of(Metric.REALISM, Metric.RARITY)) {
      double seA = a.standardErrors().get(name);
      double seB = b.standardErrors().get(name);
      assertTrue(seA > 0 && seB > 0, name.wireName());
      assertEquals(
          a.values().get(name), b.values().get(name), 4 * Math.hypot(seA, seB), name.wireName());
    }
  }

  @Test
  void rarityScalesAsTheInverseSquareRootOfTheTrueDensity() {
    // In the large-N limit N·p(x)·π·r_k² ~ Gamma(k) near x, so every ball radius, and the rarity
    // (the smallest containing one), scale as p(x)^(−1/2): log rarity regressed on log p_A(x)
    // has slope −1/2. Measured −0.47 at N = 10k (density changes within a ball flatten it).
    double[] x = ToyMetricsTest.exactSamples(24, 10_000);
    double[] rarity = ToySampleScores.of(x).rarity();
    double[] logP = ToyGroundTruth.get().mixture(ToyClass.A).logDensities(x);
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    int m = 0;
    for (int i = 0; i < logP.length; i++) {
      if (!Double.isNaN(rarity[i])) {
        double y = Math.log(rarity[i]);
        sx += logP[i];
        sy += y;
        sxx += logP[i] * logP[i];
        sxy += logP[i] * y;
        m++;
      }
    }
    double slope = (sxy - sx * sy / m) / (sxx - sx * sx / m);
    assertEquals(-0.5, slope, 0.06);
  }

  @Test
  void blurredSamplesAreLessRealisticAndRarer() {
    // Exact samples plus N(0, 0.05²) noise spread off the thin branches (component scales ~0.01).
    double[] exact = ToyMetricsTest.exactSamples(25, 5000);
    double[] blurred = exact.clone();
    SplittableRandom rng = new SplittableRandom(25);
    for (int i = 0; i < blurred.length; i++) {
      blurred[i] += 0.05 * KernelInceptionDistanceTest.gauss(rng);
    }
    ToyMetrics e = scoresOf(exact);
    ToyMetrics b = scoresOf(blurred);
    for (Metric name : List.of(Metric.REALISM, Metric.RARITY)) {
      double gap = b.values().get(name) - e.values().get(name);
      double se = Math.hypot(e.standardErrors().get(name), b.standardErrors().get(name));
      double sign = name.equals(Metric.REALISM) ? -1 : 1;
      assertTrue(sign * gap > 10 * se, name + ": " + e.values() + " vs " + b.values());
    }
  }

  @Test
  void samplesInNoBallHaveNoRarityAndLowRealism() {
    // Far outside the distribution (all true mass lies within 1.6 of the origin).
    double[] far = new double[2 * 20];
    for (int i = 0; i < 20; i++) {
      far[2 * i] = 5 + 0.01 * i;
      far[2 * i + 1] = -5;
    }
    ToyMetrics m = scoresOf(far);
    assertTrue(m.values().get(Metric.RARITY).isNaN());
    assertTrue(m.values().get(Metric.REALISM) < 0.1, m.values().toString());
  }
}
