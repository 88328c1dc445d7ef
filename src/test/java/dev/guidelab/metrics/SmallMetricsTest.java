package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * inception_score.json, fd_infinity.json and topn_binarize.json. Their README gives no tolerance of
 * their own; IS and the FD∞ fit are closed forms of a few float64 operations, held to 1e-12
 * relative (the README's closed-form tolerance, made relative as IS and the slope are O(1..1e4));
 * binarisation and histograms are exact.
 */
class SmallMetricsTest {

  @Test
  void inceptionScoreMatchesPerSplitMeanAndPopulationStd() {
    JsonNode v = Vectors.load("inception_score.json");
    double[][] logits = Vectors.matrix(v.get("logits"));
    double[][] probs = Vectors.matrix(v.get("probs_softmax"));
    double[][] softmax = InceptionScore.softmax(logits);
    for (int i = 0; i < probs.length; i++) {
      assertArrayEquals(probs[i], softmax[i], 1e-15, "softmax row " + i);
    }
    InceptionScore.Result is = InceptionScore.fromLogits(logits, v.get("splits").asInt());
    double[] perSplit = Vectors.vector(v.get("per_split"));
    for (int s = 0; s < perSplit.length; s++) {
      assertRelative(perSplit[s], is.perSplit()[s], 1e-12, "split " + s);
    }
    assertRelative(v.get("mean").asDouble(), is.mean(), 1e-12, "mean");
    assertRelative(v.get("std_ddof0").asDouble(), is.std(), 1e-12, "std");
  }

  @Test
  void fdInfinityIsTheLeastSquaresInterceptInOneOverN() {
    JsonNode v = Vectors.load("fd_infinity.json");
    FdInfinity.Fit fit = FdInfinity.fit(Vectors.vector(v.get("N")), Vectors.vector(v.get("fd_N")));
    assertRelative(v.get("expected_intercept_fd_inf").asDouble(), fit.intercept(), 1e-12, "a");
    assertRelative(v.get("expected_slope").asDouble(), fit.slope(), 1e-12, "b");
  }

  @Test
  void fdInfinityUsesTheReferenceGrid() {
    JsonNode v = Vectors.load("fd_infinity.json");
    long[] expected = Vectors.longs(v.get("reference_grid_for_50000"));
    int[] grid = FdInfinity.referenceGrid(50_000, 5000, 15);
    assertArrayEquals(expected, java.util.Arrays.stream(grid).asLongStream().toArray());
  }

  @Test
  void fdInfinityRecoversAnExactOneOverNLaw() {
    double[] n = {5000, 10000, 20000, 50000};
    double[] fd = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      fd[i] = 2.5 + 1234 / n[i];
    }
    FdInfinity.Fit fit = FdInfinity.fit(n, fd);
    assertEquals(2.5, fit.intercept(), 1e-12);
    assertEquals(1234, fit.slope(), 1e-8);
  }

  @Test
  void topNBinarisationKeepsColumnsPresentInBothSets() {
    JsonNode v = Vectors.load("topn_binarize.json");
    int n = v.get("num_dims_N").asInt();
    double[][] real = TopNBinarization.binarize(Vectors.matrix(v.get("real_logits")), n);
    double[][] gen = TopNBinarization.binarize(Vectors.matrix(v.get("gen_logits")), n);
    assertMatrixEquals(Vectors.matrix(v.get("real_binarized")), real);
    assertMatrixEquals(Vectors.matrix(v.get("gen_binarized")), gen);
    boolean[] kept = TopNBinarization.keptColumns(real, gen);
    assertArrayEquals(Vectors.booleans(v.get("kept_columns_mask")), kept);
    assertMatrixEquals(
        Vectors.matrix(v.get("real_binarized_masked")), TopNBinarization.select(real, kept));
    assertMatrixEquals(
        Vectors.matrix(v.get("gen_binarized_masked")), TopNBinarization.select(gen, kept));
  }

  @Test
  void top1HistogramsAndTheirTotalVariation() {
    JsonNode v = Vectors.load("topn_binarize.json");
    long[] real = TopNBinarization.top1Histogram(Vectors.matrix(v.get("real_logits")));
    long[] gen = TopNBinarization.top1Histogram(Vectors.matrix(v.get("gen_logits")));
    long[] expectedReal = Vectors.longs(v.get("top1_hist_real"));
    long[] expectedGen = Vectors.longs(v.get("top1_hist_gen"));
    assertArrayEquals(expectedReal, real);
    assertArrayEquals(expectedGen, gen);
    // ½Σ|p − q| with real [1,2,0,0,1,1,1,0]/6 and gen [1,0,2,0,0,1,1,0]/5, by hand.
    double tv =
        0.5
            * (Math.abs(1 / 6.0 - 1 / 5.0)
                + 2 / 6.0
                + 2 / 5.0
                + 1 / 6.0
                + 2 * Math.abs(1 / 6.0 - 1 / 5.0));
    assertEquals(tv, TopN.histogramDistance(real, gen), 1e-15);
    assertEquals(0, TopN.histogramDistance(real, real), 0);
  }

  private static void assertRelative(double expected, double actual, double rel, String what) {
    assertEquals(expected, actual, rel * Math.abs(expected), what);
  }

  private static void assertMatrixEquals(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length, "rows");
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], 0, "row " + i);
    }
  }
}
