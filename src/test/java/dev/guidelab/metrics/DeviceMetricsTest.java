package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.metrics.device.TorchProducts;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole metrics with their products on libtorch in float64 (the CPU device here; the same code runs
 * on a worker's GPU) against the BLAS route: FD from streamed moments and KID within {@value
 * #TOLERANCE} relative (the same products summed in another order), the k-NN metrics to the bit
 * (their screening bound holds for any summation order; pairs are decided by exact distances). No
 * array outlives the metrics.
 */
class DeviceMetricsTest {

  /**
   * Relative. Measured here: none for the covariances, FD and MMD² at these sizes, up to 3e-16 for
   * the subset sums and 4e-15 for KID (a difference of sums); products at d = 2048 differ by up to
   * 4e-15 of their largest entry (DeviceProductsBenchmark).
   */
  private static final double TOLERANCE = 1e-12;

  private static NDManager base;
  private static LinearAlgebra device;

  @BeforeAll
  static void start() {
    DjlEngine.manager(); // loads the engine with Guidelab's defaults
    base = NDManager.newBaseManager(Device.cpu(), DjlEngine.ENGINE);
    device = new LinearAlgebra(new TorchProducts(base), LinearAlgebra.best().lapack());
  }

  @AfterAll
  static void stop() {
    assertTrue(base.getManagedArrays().isEmpty(), "arrays left: " + base.getManagedArrays());
    base.close();
  }

  @Test
  void fdFromStreamedMomentsMatchesBlas() {
    SplittableRandom rng = new SplittableRandom(31);
    int d = 48;
    double[] real = flat(KernelInceptionDistanceTest.gaussian(rng, 500, d, 0)); // 7 chunks + 52
    double[] fake = flat(KernelInceptionDistanceTest.gaussian(rng, 437, d, 0.3));
    MomentAccumulator[] blas = moments(real, fake, d);
    MomentAccumulator[] torch;
    MetricProducts.use(device.products()); // as a GPU worker does at start
    try {
      torch = moments(real, fake, d);
    } finally {
      MetricProducts.use(MetricProducts.blas());
    }
    for (int set = 0; set < 2; set++) {
      double[][] want = blas[set].covariance();
      double[][] got = torch[set].covariance();
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          assertEquals(want[a][b], got[a][b], TOLERANCE * want[a][a], "Σ[" + a + "][" + b + "]");
        }
      }
    }
    for (boolean cholesky : new boolean[] {true, false}) {
      double want =
          new FrechetDistance.Reference(
                  blas[0].mean(), blas[0].covariance(), LinearAlgebra.best(), cholesky)
              .distanceTo(blas[1].mean(), blas[1].covariance());
      double got =
          new FrechetDistance.Reference(torch[0].mean(), torch[0].covariance(), device, cholesky)
              .distanceTo(torch[1].mean(), torch[1].covariance());
      assertEquals(want, got, TOLERANCE * want, cholesky ? "Cholesky route" : "eigen route");
    }
  }

  @Test
  void kidMatchesBlas() {
    SplittableRandom rng = new SplittableRandom(32);
    double[][] x = KernelInceptionDistanceTest.gaussian(rng, 1100, 24, 0); // a tile and a part
    double[][] y = KernelInceptionDistanceTest.gaussian(rng, 400, 24, 0.2);
    LinearAlgebra blas = LinearAlgebra.best();
    double want = KernelInceptionDistance.mmd2(x, y, blas);
    assertEquals(want, KernelInceptionDistance.mmd2(x, y, device), TOLERANCE * want, "MMD²");
    // Both routes of the subset sums, and the per-sample cross sums of a growing run.
    int[][] xi = KernelInceptionDistance.draw(rng, 6, x.length, 300);
    int[][] yi = KernelInceptionDistance.draw(rng, 6, y.length, 300);
    assertClose(
        SubsetSums.withinOverRows(blas, x, x.length, xi),
        SubsetSums.withinOverRows(device, x, x.length, xi),
        "within, over rows");
    assertClose(
        SubsetSums.crossOverRows(blas, x, xi, y, yi),
        SubsetSums.crossOverRows(device, x, xi, y, yi),
        "cross, over rows");
    KernelInceptionDistance.Estimate kid =
        new KernelSums(new ReferenceSet(x), blas).estimate(y, y.length);
    KernelInceptionDistance.Estimate onDevice =
        new KernelSums(new ReferenceSet(x), device).estimate(y, y.length);
    assertEquals(kid.mean(), onDevice.mean(), TOLERANCE * Math.abs(kid.mean()), "KID");
    assertEquals(kid.std(), onDevice.std(), TOLERANCE * kid.std(), "KID's std");
  }

  @Test
  void knnMetricsAreTheSameBits() {
    SplittableRandom rng = new SplittableRandom(33);
    double[][] real = KernelInceptionDistanceTest.gaussian(rng, 1100, 20, 0);
    double[][] fake = KernelInceptionDistanceTest.gaussian(rng, 300, 20, 0.2);
    double[] radii = NearestNeighbours.squaredRadii(real, 3, null); // the direct scan
    assertArrayEquals(radii, NearestNeighbours.squaredRadii(real, 3, device));
    NearestNeighbours.Balls balls = new NearestNeighbours.Balls(real, radii, 3);
    for (boolean strict : new boolean[] {false, true}) {
      assertEquals(
          PrecisionRecall.insideShare(fake, balls, strict, null),
          PrecisionRecall.insideShare(fake, balls, strict, device));
    }
    assertEquals(DensityCoverage.of(balls, fake, null), DensityCoverage.of(balls, fake, device));
    assertArrayEquals(
        ScoreScan.scores(balls, fake, LinearAlgebra.best()), ScoreScan.scores(balls, fake, device));
  }

  private static void assertClose(double[] want, double[] got, String what) {
    for (int s = 0; s < want.length; s++) {
      assertEquals(want[s], got[s], TOLERANCE * Math.abs(want[s]), what + " " + s);
    }
  }

  private static MomentAccumulator[] moments(double[] real, double[] fake, int d) {
    MomentAccumulator r = new MomentAccumulator();
    MomentAccumulator f = new MomentAccumulator(new double[d]);
    for (int from = 0; from < real.length; from += 130 * d) { // batches across chunks
      r.accept(java.util.Arrays.copyOfRange(real, from, Math.min(real.length, from + 130 * d)), d);
    }
    f.accept(fake, d);
    return new MomentAccumulator[] {r, f};
  }

  private static double[] flat(double[][] x) {
    double[] out = new double[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, out, i * x[0].length, x[0].length);
    }
    return out;
  }
}
