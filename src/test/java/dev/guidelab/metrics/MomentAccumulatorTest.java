package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MomentAccumulatorTest {

  private static final int D = 3;

  private static double[] data(int n) {
    SplittableRandom rng = new SplittableRandom(11);
    double[] x = new double[n * D];
    for (int i = 0; i < n; i++) {
      double z = rng.nextGaussian();
      x[i * D] = 100 + z; // large offset: the shift keeps Q well conditioned
      x[i * D + 1] = -3 + 0.5 * z + rng.nextGaussian();
      x[i * D + 2] = 2 * rng.nextGaussian();
    }
    return x;
  }

  private static void assertSameMoments(MomentAccumulator expected, MomentAccumulator actual) {
    assertEquals(expected.n(), actual.n());
    // Different shifts round differently: agreement to ~1e-15 relative of the values; 1e-12 is
    // slack.
    double[] m1 = expected.mean();
    double[] m2 = actual.mean();
    for (int j = 0; j < D; j++) {
      assertEquals(m1[j], m2[j], 1e-12 * (1 + Math.abs(m1[j])));
    }
    for (int ddof = 0; ddof <= 1; ddof++) {
      double[][] c1 = expected.covariance(ddof);
      double[][] c2 = actual.covariance(ddof);
      for (int a = 0; a < D; a++) {
        for (int b = 0; b < D; b++) {
          assertEquals(c1[a][b], c2[a][b], 1e-12);
        }
      }
    }
  }

  @Test
  void unevenChunksGiveTheMomentsOfOneBatch() {
    double[] x = data(1000);
    MomentAccumulator whole = new MomentAccumulator();
    whole.accept(x, D);
    MomentAccumulator chunked = new MomentAccumulator();
    int[] cycle = {3, 1, 4, 1, 5, 9, 2, 6};
    for (int i = 0, c = 0; i < 1000; c++) {
      int size = Math.min(cycle[c % cycle.length], 1000 - i);
      chunked.accept(Arrays.copyOfRange(x, i * D, (i + size) * D), D);
      i += size;
    }
    assertSameMoments(whole, chunked);
  }

  @Test
  void mergingAccumulatorsEqualsAccumulatingSequentially() {
    double[] x = data(900);
    MomentAccumulator sequential = new MomentAccumulator();
    MomentAccumulator left = new MomentAccumulator();
    MomentAccumulator right = new MomentAccumulator();
    MomentAccumulator empty = new MomentAccumulator();
    sequential.accept(Arrays.copyOfRange(x, 0, 300 * D), D);
    sequential.accept(Arrays.copyOfRange(x, 300 * D, 900 * D), D);
    left.accept(Arrays.copyOfRange(x, 0, 300 * D), D);
    right.accept(Arrays.copyOfRange(x, 300 * D, 900 * D), D);
    empty.merge(left);
    empty.merge(right);
    assertSameMoments(sequential, empty);
    left.merge(right);
    assertSameMoments(sequential, left);
  }

  @Test
  void twoPointsHaveTheTextbookMeanAndCovariance() {
    MomentAccumulator acc = new MomentAccumulator();
    acc.accept(new double[] {1, 2, 3, 6}, 2);
    assertEquals(2, acc.mean()[0], 0);
    assertEquals(4, acc.mean()[1], 0);
    // ddof 1: Σ = [[2, 4], [4, 8]]; ddof 0 halves it.
    assertEquals(2, acc.covariance()[0][0], 1e-15);
    assertEquals(4, acc.covariance()[0][1], 1e-15);
    assertEquals(8, acc.covariance()[1][1], 1e-15);
    assertEquals(1, acc.covariance(0)[0][0], 1e-15);
  }
}
