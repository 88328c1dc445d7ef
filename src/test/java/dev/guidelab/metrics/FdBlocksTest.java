package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Fréchet-distance blocks both pipelines share: each {@link FdBlocks.Rules} deals samples to
 * blocks and computes the jackknife and FD∞ exactly as documented, from the same blocks one would
 * build by hand.
 */
class FdBlocksTest {

  private static final int D = 3;

  private static final FrechetDistance.Reference REFERENCE =
      new FrechetDistance.Reference(
          new double[] {0.1, 0, -0.1}, new double[][] {{1, 0.2, 0}, {0.2, 2, 0}, {0, 0, 3}});

  private static double[] samples(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sqrt(1 + i % D) * (rng.nextDouble() - 0.5) * 3.4;
    }
    return x;
  }

  /** Rows {@code [from, to)} of {@code x}. */
  private static double[] rows(double[] x, int from, int to) {
    return Arrays.copyOfRange(x, from * D, to * D);
  }

  /**
   * The blocks by hand, centred on the reference mean as {@link FdBlocks}' are: row i to its block
   * by hash or stream order, one row at a time.
   */
  private static List<MomentAccumulator> byHand(double[] x, boolean byHash) {
    List<MomentAccumulator> blocks = new ArrayList<>();
    for (int b = 0; b < FdBlocks.BLOCKS; b++) {
      blocks.add(new MomentAccumulator(REFERENCE.mean()));
    }
    for (int i = 0; i < x.length / D; i++) {
      double[] row = rows(x, i, i + 1);
      blocks.get(byHash ? FdBlocks.blockOf(row) : i % FdBlocks.BLOCKS).accept(row, D);
    }
    return blocks;
  }

  @Test
  void coordinateHashIsTheToysFormerTwoDimensionalHash() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      double x0 = rng.nextDouble() * 4 - 2;
      double x1 = i % 100 == 0 ? -0.0 : rng.nextGaussian();
      // ToyMetrics.blockOf(x0, x1) as it was before the blocks were shared.
      long h = Double.doubleToLongBits(x0) * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(x1);
      h ^= h >>> 33;
      h *= 0xFF51AFD7ED558CCDL;
      h ^= h >>> 33;
      assertEquals(
          (int) Long.remainderUnsigned(h, FdBlocks.BLOCKS),
          FdBlocks.blockOf(new double[] {x0, x1}));
    }
  }

  @Test
  void featureStreamBlocksAreComputedOnceAllPlannedSamplesAreIn() {
    int n = 1000;
    double[] x = samples(2, n);
    FdBlocks blocks = new FdBlocks(REFERENCE, FdBlocks.Rules.FEATURES, n, true);
    blocks.accept(rows(x, 0, 999), D);
    assertTrue(Double.isFinite(blocks.value(Metric.FD)));
    for (Metric m : List.of(Metric.FD_DEBIASED, Metric.FD_INFINITY)) {
      assertTrue(Double.isNaN(blocks.value(m)), m + " waits for the planned samples");
      assertTrue(Double.isNaN(blocks.standardError(m)), m.toString());
    }
    blocks.accept(rows(x, 999, n), D);

    List<MomentAccumulator> hand = byHand(x, false);
    FrechetJackknife.Estimate jack = FrechetJackknife.against(REFERENCE, hand);
    BlockFdInfinity.Estimate inf = BlockFdInfinity.against(REFERENCE, hand);
    MomentAccumulator merged = new MomentAccumulator();
    hand.forEach(merged::merge);
    assertEquals(
        REFERENCE.distanceTo(merged.mean(), merged.covariance(1)), blocks.value(Metric.FD), 0);
    assertEquals(jack.debiased(), blocks.value(Metric.FD_DEBIASED), 0);
    assertEquals(jack.standardError(), blocks.standardError(Metric.FD), 0);
    assertEquals(jack.standardError(), blocks.standardError(Metric.FD_DEBIASED), 0);
    assertEquals(inf.value(), blocks.value(Metric.FD_INFINITY), 0);
    assertEquals(inf.standardError(), blocks.standardError(Metric.FD_INFINITY), 0);
    assertThrows(IllegalStateException.class, () -> blocks.merge(blocks), "order-dependent");
  }

  /**
   * 3,000 samples, 150 per block (two rank-64 updates and 22 waiting samples each), fed in batches
   * of 700, 1,000 and 1: every distance and standard error is the same to the bit.
   */
  @Test
  void featureStreamDistancesDoNotDependOnTheBatchSizeByOneBit() {
    int n = 3_000;
    double[] x = samples(6, n);
    Map<Integer, List<Double>> bySize = new TreeMap<>();
    for (int size : new int[] {700, 1_000, 1}) {
      FdBlocks blocks = new FdBlocks(REFERENCE, FdBlocks.Rules.FEATURES, n, true);
      for (int i = 0; i < n; i += size) {
        blocks.accept(rows(x, i, Math.min(n, i + size)), D);
      }
      List<Double> numbers = new ArrayList<>();
      for (Metric m : List.of(Metric.FD, Metric.FD_DEBIASED, Metric.FD_INFINITY)) {
        numbers.add(blocks.value(m));
        numbers.add(blocks.standardError(m));
      }
      assertTrue(numbers.stream().allMatch(Double::isFinite), numbers.toString());
      bySize.put(size, numbers);
    }
    assertEquals(bySize.get(1), bySize.get(700));
    assertEquals(bySize.get(1), bySize.get(1_000));
  }

  @Test
  void toyBlocksAreComputedAsSoonAsEveryBlockHasItsSamples() {
    double[] x = samples(3, 400);
    FdBlocks blocks = new FdBlocks(REFERENCE, FdBlocks.Rules.TOY, 400, true);
    FdBlocks withoutInfinity = new FdBlocks(REFERENCE, FdBlocks.Rules.TOY, 400, false);
    int[] perBlock = new int[FdBlocks.BLOCKS];
    boolean sawJackknifeAlone = false;
    boolean sawInfinity = false;
    for (int i = 0; i < 400; i++) {
      double[] row = rows(x, i, i + 1);
      blocks.accept(row, D);
      withoutInfinity.accept(row, D);
      perBlock[FdBlocks.blockOf(row)]++;
      int least = Arrays.stream(perBlock).min().orElseThrow();
      assertEquals(least >= 1, Double.isFinite(blocks.value(Metric.FD_DEBIASED)), "n " + i);
      if (!sawInfinity) { // FD∞ costs thousands of distances: checked up to its first value
        assertEquals(least >= 2, Double.isFinite(blocks.value(Metric.FD_INFINITY)), "n " + i);
        sawInfinity = least >= 2;
      }
      assertTrue(Double.isNaN(withoutInfinity.value(Metric.FD_INFINITY)), "not wanted");
      sawJackknifeAlone |= least == 1;
    }
    assertTrue(sawInfinity);
    assertTrue(sawJackknifeAlone, "the jackknife came before FD∞");
    List<MomentAccumulator> hand = byHand(x, true);
    assertEquals(
        FrechetJackknife.against(REFERENCE, hand).debiased(), blocks.value(Metric.FD_DEBIASED), 0);
    assertEquals(
        BlockFdInfinity.against(REFERENCE, hand).value(), blocks.value(Metric.FD_INFINITY), 0);
  }

  @Test
  void toyBlocksMergeAcrossBatchesAndWorkersInAnyOrder() {
    double[] x = samples(4, 600);
    FdBlocks whole = new FdBlocks(REFERENCE, FdBlocks.Rules.TOY, 600, true);
    whole.accept(x, D);
    FdBlocks left = new FdBlocks(REFERENCE, FdBlocks.Rules.TOY, 600, true);
    FdBlocks right = new FdBlocks(REFERENCE, FdBlocks.Rules.TOY, 600, true);
    right.accept(rows(x, 0, 250), D);
    left.accept(rows(x, 250, 600), D);
    left.merge(right);
    assertEquals(600, left.n());
    for (Metric m : List.of(Metric.FD, Metric.FD_DEBIASED, Metric.FD_INFINITY)) {
      // Moments differ by summation order only.
      assertEquals(whole.value(m), left.value(m), 1e-12, m.toString());
      assertEquals(whole.standardError(m), left.standardError(m), 1e-12, m.toString());
    }
  }

  @Test
  void bothRulesMeasureTheSameDistanceOfTheSameSamples() {
    double[] x = samples(5, 800);
    FdBlocks toy = new FdBlocks(REFERENCE, FdBlocks.Rules.TOY, 800, false);
    FdBlocks features = new FdBlocks(REFERENCE, FdBlocks.Rules.FEATURES, 800, false);
    toy.accept(x, D);
    features.accept(x, D);
    // Own accumulator against merged blocks: the same moments up to summation order.
    assertEquals(toy.value(Metric.FD), features.value(Metric.FD), 1e-12);
    // Different partitions: different, but equally valid, jackknife estimates.
    assertEquals(
        toy.value(Metric.FD_DEBIASED),
        features.value(Metric.FD_DEBIASED),
        4 * Math.hypot(toy.standardError(Metric.FD), features.standardError(Metric.FD)));
    assertThrows(IllegalArgumentException.class, () -> toy.value(Metric.KID));
  }
}
