package dev.guidelab.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random class labels (docs/sampling-and-guidance.md §3): sample k's label is a function of (seed,
 * k) alone, uniform over the classes, independent between samples and of the sample's noise.
 *
 * <p>The statistical bounds are two-sided χ² quantiles at p = 0.001 (0.0005 in each tail): the
 * upper one catches a biased or correlated draw, the lower one a draw too even to be random, such
 * as {@code k mod classes}. The seeds are fixed, so each test is deterministic; the bounds say how
 * unlikely a failure of a correct generator would have been.
 */
class ClassLabelTest {

  @Test
  void aSamplesLabelDependsOnlyOnItsSeedAndIndex() {
    for (long k = 0; k < 100; k++) {
      int label = SampleRandom.classLabel(9, k, 1000);
      assertEquals(label, SampleRandom.classLabel(9, k, 1000), "k = " + k);
      assertTrue(0 <= label && label < 1000, "label " + label);
    }
    SampleConditions random = SampleConditions.random(7);
    double[] whole = random.oneHot(9, 0, 10);
    double[] split = concat(random.oneHot(9, 0, 4), random.oneHot(9, 4, 6));
    assertArrayEquals(whole, split, 0, "batches 4 + 6 give the labels of one batch of 10");
    for (int j = 0; j < 10; j++) {
      double[] row = new double[7];
      row[SampleRandom.classLabel(9, j, 7)] = 1;
      double[] got = new double[7];
      System.arraycopy(whole, 7 * j, got, 0, 7);
      assertArrayEquals(row, got, 0, "one-hot row of sample " + j);
    }
  }

  /** Ten classes, and ImageNet's thousand; bounds are the χ²(classes − 1) quantiles. */
  @ParameterizedTest(name = "{0} classes")
  @CsvSource({"10, 100000, 3, 0.97, 29.67", "1000, 200000, 0, 858.4, 1152.7"})
  void labelsAreUniformOverTheClasses(int classes, int n, long seed, double lo, double hi) {
    long[] counts = new long[classes];
    for (long k = 0; k < n; k++) {
      counts[SampleRandom.classLabel(seed, k, classes)]++;
    }
    double chi2 = chiSquare(counts);
    assertTrue(lo < chi2 && chi2 < hi, "χ²(" + (classes - 1) + ") = " + chi2);
  }

  @Test
  void neighbouringSamplesDrawIndependentLabels() {
    // Pairs (label of 2m, label of 2m + 1): 100 cells, uniform if the labels are independent.
    long[] pairs = new long[100];
    for (long m = 0; m < 100_000; m++) {
      pairs[
          10 * SampleRandom.classLabel(5, 2 * m, 10) + SampleRandom.classLabel(5, 2 * m + 1, 10)]++;
    }
    double chi2 = chiSquare(pairs);
    assertTrue(59.1 < chi2 && chi2 < 151.9, "χ²(99) = " + chi2);
  }

  @Test
  void theLabelIsIndependentOfTheSamplesNoise() {
    // The first Gaussian of sample k's noise stream has mean 0 within every class: z = mean·√n, 10
    // classes of ≈ 10,000 samples; P(some |z| > 4) ≈ 6e-4 for independent streams.
    double[] sum = new double[10];
    long[] n = new long[10];
    for (long k = 0; k < 100_000; k++) {
      int label = SampleRandom.classLabel(11, k, 10);
      sum[label] += SampleRandom.forSample(11, k).nextGaussian();
      n[label]++;
    }
    for (int c = 0; c < 10; c++) {
      double z = sum[c] / n[c] * Math.sqrt((double) n[c]);
      assertTrue(Math.abs(z) < 4, "class " + c + ": z = " + z);
    }
  }

  @Test
  void anotherSeedDrawsOtherLabels() {
    // Agreement of two independent uniform labels over 10 classes: 0.1, SE √(0.09/10⁴) = 0.003.
    int agree = 0;
    for (long k = 0; k < 10_000; k++) {
      agree += SampleRandom.classLabel(1, k, 10) == SampleRandom.classLabel(2, k, 10) ? 1 : 0;
    }
    assertEquals(0.1, agree / 10_000.0, 0.015);
  }

  @Test
  void aFixedClassIsEverySamplesClass() {
    SampleConditions fixed = SampleConditions.fixed(3, 2);
    assertArrayEquals(new double[] {0, 0, 1, 0, 0, 1}, fixed.oneHot(4, 17, 2), 0);
    var e = assertThrows(IllegalArgumentException.class, () -> SampleConditions.fixed(3, 3));
    assertEquals("class 3 is not one of the model's 3 classes", e.getMessage());
  }

  /** Pearson's χ² of counts against equal expected counts. */
  private static double chiSquare(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double expected = (double) total / counts.length;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    return chi2;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = new double[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
