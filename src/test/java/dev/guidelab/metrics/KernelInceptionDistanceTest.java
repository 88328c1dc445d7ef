package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** KID against fd_kid_feature_sets.json (single deterministic subset, 1e-9 relative per README). */
class KernelInceptionDistanceTest {

  @Test
  void firstRowsSubsetMatchesTheReferenceMmd() {
    JsonNode cases = Vectors.load("fd_kid_feature_sets.json").get("cases");
    assertEquals(3, cases.size());
    for (JsonNode c : cases) {
      double[][] f1 = Vectors.matrix(c.get("features1"));
      double[][] f2 = Vectors.matrix(c.get("features2"));
      JsonNode kid = c.get("kid_single_subset_first_m");
      assertEquals(kid.get("m").asInt(), Math.min(f1.length, f2.length));
      double expected = kid.get("value").asDouble();
      assertEquals(expected, firstRows(f1, f2), 1e-9 * Math.abs(expected), c.get("name").asText());
    }
  }

  @Test
  void dgemmRouteMatchesTheReferenceMmdAndTheDirectRoute() {
    // The vectors' d (3, 16, 8) is below the dgemm threshold, so force it: 1e-9 relative.
    LinearAlgebra[] routes = {LinearAlgebra.best(), LinearAlgebra.pureJava()};
    for (JsonNode c : Vectors.load("fd_kid_feature_sets.json").get("cases")) {
      double[][] f1 = Vectors.matrix(c.get("features1"));
      double[][] f2 = Vectors.matrix(c.get("features2"));
      int m = Math.min(f1.length, f2.length);
      double expected = c.get("kid_single_subset_first_m").get("value").asDouble();
      for (LinearAlgebra la : routes) {
        double got =
            KernelInceptionDistance.mmd2(
                java.util.Arrays.copyOf(f1, m), java.util.Arrays.copyOf(f2, m), la);
        assertEquals(expected, got, 1e-9 * Math.abs(expected), la.describe());
      }
    }
    // Several blocks (m > TILE) at d = 64: dgemm and direct agree to rounding.
    SplittableRandom rng = new SplittableRandom(13);
    double[][] a = gaussian(rng, NearestNeighbours.TILE + 100, 64, 0);
    double[][] b = gaussian(rng, NearestNeighbours.TILE + 60, 64, 0.1);
    double direct = KernelInceptionDistance.mmd2(a, b, null);
    for (LinearAlgebra la : routes) {
      assertEquals(direct, KernelInceptionDistance.mmd2(a, b, la), 1e-9 * Math.abs(direct));
    }
  }

  @Test
  void subsetAverageIsDeterministicPerSeedAndNearZeroForOneDistribution() {
    SplittableRandom rng = new SplittableRandom(11);
    double[][] a = gaussian(rng, 600, 4, 0);
    double[][] b = gaussian(rng, 500, 4, 0);
    KernelInceptionDistance.Estimate e = KernelInceptionDistance.compute(a, b, 20, 200, 3);
    assertEquals(e, KernelInceptionDistance.compute(a, b, 20, 200, 3));
    assertEquals(20, e.subsets());
    assertEquals(200, e.subsetSize());
    // Unbiased: mean within a few std/√S of 0.
    assertTrue(Math.abs(e.mean()) < 4 * e.std() / Math.sqrt(20), e.toString());
  }

  @Test
  void shiftedDistributionGivesClearlyPositiveKid() {
    SplittableRandom rng = new SplittableRandom(12);
    double[][] a = gaussian(rng, 400, 3, 0);
    double[][] b = gaussian(rng, 400, 3, 1);
    KernelInceptionDistance.Estimate e = KernelInceptionDistance.compute(a, b, 7);
    assertEquals(100, e.subsets());
    assertEquals(400, e.subsetSize());
    assertTrue(e.mean() > 10 * e.std(), e.toString());
  }

  @Test
  void unbiasedEstimatorOfASetAgainstItselfIsNegative() {
    // Σ_{i≠j} k/m(m−1) twice minus 2Σ_{all} k/m²: the diagonal k(x,x) > 0 enters only the cross
    // sum.
    double[][] x = {{1, 0}, {0, 1}, {1, 1}};
    double o = 2 * (1 + 27 / 8.0 + 27 / 8.0);
    double d = 27 / 8.0 + 27 / 8.0 + 8;
    assertEquals(2 * (o - 2 * d) / (9 * 2), KernelInceptionDistance.mmd2(x, x), 1e-14);
  }

  static double[][] gaussian(SplittableRandom rng, int n, int d, double shift) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = shift + gauss(rng);
      }
    }
    return x;
  }

  static double gauss(SplittableRandom rng) {
    // Box–Muller from two uniforms.
    double u = 1 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * MMD² on one deterministic subset: the first {@code m = min(N_r, N_g)} rows of each set (the
   * check in fd_kid_feature_sets.json; the product draws random subsets).
   */
  static double firstRows(double[][] real, double[][] fake) {
    int m = Math.min(real.length, fake.length);
    return KernelInceptionDistance.mmd2(
        java.util.Arrays.copyOf(real, m), java.util.Arrays.copyOf(fake, m));
  }
}
