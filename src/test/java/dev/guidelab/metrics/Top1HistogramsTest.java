package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The image Top-1 class diagnostic's arithmetic: counting arg-max classes, the total-variation
 * distance of two histograms and its delta-method standard error, against hand-computed values.
 */
class Top1HistogramsTest {

  @Test
  void eachRowCountsItsFirstLargestLogit() {
    long[] counts = new long[3];
    TopN.addTop1(new double[] {1, 3, 2, 5, 5, 0, 0, 0, 1, 0, 7, 7}, counts);
    assertArrayEquals(new long[] {1, 2, 1}, counts);
    assertThrows(IllegalArgumentException.class, () -> TopN.addTop1(new double[4], counts));
  }

  @Test
  void distanceAndStandardErrorMatchHandComputedValues() {
    // p̂ = (¾, ¼) of 4, q̂ = (½, ½) of 2: TV = ¼; s = (+1, −1), Σsp = ½, Σs²p = 1 → (1 − ¼)/4;
    // Σsq = 0, Σs²q = 1 → 1/2; SE = ½ √(3/16 + 1/2).
    Top1Histograms h = new Top1Histograms(new long[] {3, 1}, new long[] {1, 1});
    assertEquals(0.25, h.distance(), 1e-15);
    assertEquals(0.5 * Math.sqrt(3.0 / 16 + 0.5), h.standardError(), 1e-15);
    assertEquals(4, h.n());
    assertEquals(2, h.referenceN());
    // Every sample in class 1 against a reference with q̂₀ = 0.3 of 10: TV = q̂₀ and its SE is
    // q̂₀'s binomial one, √(q̂₀ q̂₁ / N); the generated side has no spread.
    Top1Histograms fixed = new Top1Histograms(new long[] {0, 50}, new long[] {3, 7});
    assertEquals(0.3, fixed.distance(), 1e-15);
    assertEquals(Math.sqrt(0.3 * 0.7 / 10), fixed.standardError(), 1e-15);
    // A class empty on both sides has sign 0 and adds nothing: p̂ = (½, ½, 0), q̂ = (¼, ¼, ½).
    Top1Histograms three = new Top1Histograms(new long[] {2, 2, 0, 0}, new long[] {1, 1, 2, 0});
    assertEquals(0.5, three.distance(), 1e-15);
    assertEquals(0.25, three.standardError(), 1e-15);
  }

  @Test
  void beforeTheFirstSampleThereIsNoDistance() {
    Top1Histograms none = new Top1Histograms(new long[2], new long[] {1, 1});
    assertTrue(Double.isNaN(none.distance()));
    assertTrue(Double.isNaN(none.standardError()));
    assertThrows(
        IllegalArgumentException.class, () -> new Top1Histograms(new long[2], new long[3]));
  }

  @Test
  void theStandardErrorIsTheSpreadOfTheDistanceAwayFromEquality() {
    // p = (0.7, 0.3) against q = (0.4, 0.6): TV = 0.3. Over 2000 repetitions at n = N = 400 the
    // standard deviation of the plug-in TV matches the mean reported SE within 10 %.
    SplittableRandom rng = new SplittableRandom(7);
    int reps = 2000;
    double sum = 0;
    double sumSquares = 0;
    double seSum = 0;
    for (int r = 0; r < reps; r++) {
      Top1Histograms h = new Top1Histograms(draw(rng, 0.7, 400), draw(rng, 0.4, 400));
      sum += h.distance();
      sumSquares += h.distance() * h.distance();
      seSum += h.standardError();
    }
    double mean = sum / reps;
    double sd = Math.sqrt(sumSquares / reps - mean * mean);
    assertEquals(0.3, mean, 0.005);
    assertEquals(sd, seSum / reps, 0.1 * sd);
  }

  private static long[] draw(SplittableRandom rng, double p0, int n) {
    long[] counts = new long[2];
    for (int i = 0; i < n; i++) {
      counts[rng.nextDouble() < p0 ? 0 : 1]++;
    }
    return counts;
  }
}
