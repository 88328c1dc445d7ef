package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The k-NN and kernel metrics grown checkpoint by checkpoint ({@link KnnLists}, {@link
 * ManifoldCounts}, {@link KernelSums}) equal a computation from scratch at each checkpoint: the
 * same metrics fed all samples at once bit for bit, and the direct, unscreened scans exactly. At d
 * = 64 (the dgemm route) with several blocks, exact duplicates in and across both sets (ties at r =
 * 0 and at the radius) and checkpoints at 600 < 1,100 < 1,700 samples that cross KID's subset size
 * m = 1000 and the reference's size.
 */
class IncrementalCheckpointsTest {

  private static final int D = 64;
  private static final int[] CHECKPOINTS = {600, 1_100, 1_700};
  private static final List<Metric> METRICS =
      List.of(Metric.PRECISION, Metric.RECALL, Metric.DENSITY, Metric.COVERAGE, Metric.KID);

  /** Reference and samples with duplicates, shifted apart so that every share is in (0, 1). */
  private static double[][][] sets() {
    SplittableRandom rng = new SplittableRandom(31);
    double[][] real = KernelInceptionDistanceTest.gaussian(rng, 1_300, D, 0);
    double[][] fake = KernelInceptionDistanceTest.gaussian(rng, CHECKPOINTS[2], D, 0.1);
    for (int i = 0; i < 40; i++) {
      real[real.length - 1 - i] = real[i].clone();
      fake[fake.length - 1 - 3 * i] = fake[7 * i].clone(); // a late duplicate of an early sample
      fake[500 + i] = real[3 * i].clone(); // samples exactly on reference points
    }
    return new double[][][] {real, fake};
  }

  private static NeighbourMetrics metrics(long planned, ReferenceSet reference) {
    return new NeighbourMetrics(planned, NeighbourMetrics.Wanted.of(METRICS), () -> reference, 0);
  }

  private static void keep(NeighbourMetrics m, double[][] rows, int from, int to) {
    double[] flat = new double[(to - from) * D];
    for (int i = from; i < to; i++) {
      System.arraycopy(rows[i], 0, flat, (i - from) * D, D);
    }
    m.keep(flat, D, 0, to - from);
  }

  @Test
  void checkpointsGrownIncrementallyEqualFromScratchAtEachCount() {
    double[][][] sets = sets();
    double[][] real = sets[0];
    double[][] fake = sets[1];
    ReferenceSet reference = new ReferenceSet(real);
    NeighbourMetrics streamed = metrics(CHECKPOINTS[2], reference);
    int done = 0;
    for (int n : CHECKPOINTS) {
      keep(streamed, fake, done, n);
      done = n;
      // From scratch: fresh per-sample summaries; the reference's balls and KID's real subsets are
      // the reference's own, shared as every point against it shares them.
      NeighbourMetrics whole = metrics(n, reference);
      keep(whole, fake, 0, n);
      for (Metric metric : METRICS) {
        assertEquals(whole.value(metric), streamed.value(metric), 0, metric + " at " + n);
      }
      assertEquals(
          whole.standardError(Metric.KID), streamed.standardError(Metric.KID), 0, "at " + n);

      // The direct scans (no dgemm, no screening) from scratch: the same bits.
      double[][] first = Arrays.copyOf(fake, n);
      PrecisionRecall.Result pr = directPrecisionRecall(real, first);
      DensityCoverage.Result dc = DensityCoverage.of(reference.densityCoverageBalls(), first, null);
      assertTrue(pr.precision() > 0 && pr.precision() < 1, pr.toString());
      assertTrue(dc.coverage() > 0 && dc.coverage() < 1, dc.toString());
      assertEquals(pr.precision(), streamed.value(Metric.PRECISION), 0, "at " + n);
      assertEquals(pr.recall(), streamed.value(Metric.RECALL), 0, "at " + n);
      assertEquals(dc.density(), streamed.value(Metric.DENSITY), 0, "at " + n);
      assertEquals(dc.coverage(), streamed.value(Metric.COVERAGE), 0, "at " + n);
      // KID sums the same kernel values in another order (per sample, then per subset, against
      // per BLAS block): the sums of ~10⁶ terms of O(1) agree to ~1e-16·10⁶ relative, and MMD²
      // divides them by m², so 1e-12 absolute is loose and still far below the subsets' spread.
      KernelInceptionDistance.Estimate kid =
          KernelInceptionDistance.compute(
              real,
              first,
              KernelInceptionDistance.DEFAULT_SUBSETS,
              KernelInceptionDistance.subsetSize(real.length, n),
              ToyMetrics.KID_SEED,
              LinearAlgebra.best());
      assertEquals(kid.mean(), streamed.value(Metric.KID), 1e-12, "KID at " + n);
      assertEquals(kid.std(), streamed.standardError(Metric.KID), 1e-12, "KID std at " + n);
      assertTrue(kid.std() > 1e-6, kid.toString());
    }
  }

  @Test
  void knnListsGrownInStepsHoldTheDirectRadiiWithTies() {
    double[][] fake = sets()[1];
    for (LinearAlgebra la : new LinearAlgebra[] {LinearAlgebra.best(), LinearAlgebra.pureJava()}) {
      KnnLists lists = new KnnLists(5, la);
      for (int n : new int[] {7, 600, 601, 1_100, 1_700}) {
        lists.grow(fake, n);
        double[][] first = Arrays.copyOf(fake, n);
        for (int k : new int[] {1, 3, 5}) {
          if (n > k) {
            assertArrayEquals(
                NearestNeighbours.squaredRadii(first, k, null),
                lists.squaredRadii(k),
                0,
                la.describe() + ", k = " + k + " at " + n);
          }
        }
      }
    }
  }

  private static PrecisionRecall.Result directPrecisionRecall(double[][] real, double[][] fake) {
    int k = PrecisionRecall.DEFAULT_K;
    NearestNeighbours.Balls r =
        new NearestNeighbours.Balls(real, NearestNeighbours.squaredRadii(real, k, null), k);
    NearestNeighbours.Balls f =
        new NearestNeighbours.Balls(fake, NearestNeighbours.squaredRadii(fake, k, null), k);
    return new PrecisionRecall.Result(
        PrecisionRecall.insideShare(fake, r, false, null),
        PrecisionRecall.insideShare(real, f, false, null));
  }
}
