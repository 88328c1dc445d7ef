package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * KID's two routes to its subsets' kernel sums ({@link SubsetSums}) agree with each other and with
 * a plain double loop, on sets spanning several kernel tiles and with rows in no subset, in several
 * and twice in none (without replacement). The routes add the same kernel values in different
 * orders: each sum holds up to m² ≈ 10⁵ terms of size ≈ 1, so 1e-12 relative is far above their
 * rounding (≈ 1e-16·√terms) and far below any KID difference that matters.
 */
class SubsetSumsTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void withinSumsAreTheSameOverAllRowsAndPerSubset() {
    SplittableRandom rng = new SplittableRandom(21);
    int n = KernelInceptionDistance.KERNEL_TILE + 300; // a full tile and a partial one
    double[][] x = KernelInceptionDistanceTest.gaussian(rng, n + 50, 24, 0.2);
    int[][] idx = KernelInceptionDistance.draw(rng, 7, n, 400); // rows [n, n + 50) never drawn
    for (LinearAlgebra la : new LinearAlgebra[] {LinearAlgebra.best(), LinearAlgebra.pureJava()}) {
      double[] rows = SubsetSums.withinOverRows(la, x, n, idx);
      for (int s = 0; s < idx.length; s++) {
        double direct = 0;
        for (int i = 0; i < idx[s].length; i++) {
          for (int j = i + 1; j < idx[s].length; j++) {
            direct += KernelInceptionDistance.kernel(x[idx[s][i]], x[idx[s][j]]);
          }
        }
        double perSubset = KernelInceptionDistance.withinSum(la, x, idx[s]);
        assertEquals(direct, perSubset, TOLERANCE * direct, la.describe() + " subset " + s);
        assertEquals(direct, rows[s], TOLERANCE * direct, la.describe() + " subset " + s);
      }
    }
  }

  @Test
  void crossSumsAreTheSameOverAllRowsAndPerSubset() {
    SplittableRandom rng = new SplittableRandom(22);
    double[][] x = KernelInceptionDistanceTest.gaussian(rng, 700, 24, 0);
    double[][] y =
        KernelInceptionDistanceTest.gaussian(
            rng, KernelInceptionDistance.KERNEL_TILE + 90, 24, 0.3);
    int[][] xi = KernelInceptionDistance.draw(rng, 5, x.length, 300);
    int[][] yi = KernelInceptionDistance.draw(rng, 5, y.length, 300);
    LinearAlgebra la = LinearAlgebra.best();
    double[] rows = SubsetSums.crossOverRows(la, x, xi, y, yi);
    for (int s = 0; s < xi.length; s++) {
      double direct = 0;
      for (int a : xi[s]) {
        for (int b : yi[s]) {
          direct += KernelInceptionDistance.kernel(x[a], y[b]);
        }
      }
      assertEquals(
          direct, KernelInceptionDistance.crossSum(la, x, xi[s], y, yi[s]), TOLERANCE * direct);
      assertEquals(direct, rows[s], TOLERANCE * direct, "subset " + s);
    }
  }

  @Test
  void theRouteFollowsTheFlops() {
    // The protocol: 100 subsets of 1,000 rows at d = 2048.
    assertTrue(SubsetSums.rowsRouteIsCheaper(2_000, 2_000, 100, 1_000, 1_000, 2048));
    assertTrue(SubsetSums.rowsRouteIsCheaper(9_700, 9_700, 100, 1_000, 1_000, 2048));
    assertFalse(SubsetSums.rowsRouteIsCheaper(10_000, 10_000, 100, 1_000, 1_000, 2048));
    assertFalse(SubsetSums.rowsRouteIsCheaper(50_000, 2_000, 100, 1_000, 1_000, 2048));
    // One subset of all rows: its own pairs are all the pairs, and the membership product is extra.
    assertFalse(SubsetSums.rowsRouteIsCheaper(1_000, 1_000, 1, 1_000, 1_000, 2048));
  }
}
