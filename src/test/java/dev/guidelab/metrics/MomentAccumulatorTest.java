package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
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

  /** {@code x} fed in batches of {@code sizes[0]}, {@code sizes[1]}, … (cycled). */
  private static MomentAccumulator inBatches(double[] x, int dim, int... sizes) {
    MomentAccumulator acc = new MomentAccumulator();
    int n = x.length / dim;
    for (int i = 0, c = 0; i < n; c++) {
      int size = Math.min(sizes[c % sizes.length], n - i);
      acc.accept(Arrays.copyOfRange(x, i * dim, (i + size) * dim), dim);
      i += size;
    }
    return acc;
  }

  @Test
  void anyBatchingGivesTheSameMomentsToTheBit() {
    double[] x = data(2_500); // 39 rank-64 updates and 4 waiting samples
    MomentAccumulator whole = inBatches(x, D, 2_500);
    for (int[] sizes : new int[][] {{1}, {700}, {1000}, {3, 1, 4, 1, 5, 9, 2, 6}}) {
      MomentAccumulator batched = inBatches(x, D, sizes);
      String batches = "batches of " + Arrays.toString(sizes);
      assertEquals(whole.n(), batched.n());
      assertArrayEquals(whole.mean(), batched.mean(), 0, batches);
      for (int ddof = 0; ddof <= 1; ddof++) {
        assertArrayEquals(whole.covariance(ddof), batched.covariance(ddof), batches);
      }
    }
  }

  /**
   * The rank-64 updates against the plain two-pass sums, one sample at a time: at d = 40 with an
   * offset of 50 standard deviations, both are float64 sums of the same terms in another order and
   * another centring, ~1e-15 apart relative to the covariance scale √(Σ_aa Σ_bb); 1e-12 is slack.
   */
  @Test
  void rankUpdatesGiveThePerSampleMomentsTo1e12() {
    int d = 40;
    int n = 1_000;
    SplittableRandom rng = new SplittableRandom(5);
    double[] x = new double[n * d]; // [n, d], correlated through a shared factor
    for (int i = 0; i < n; i++) {
      double z = rng.nextGaussian();
      for (int j = 0; j < d; j++) {
        x[i * d + j] = 50 + j + (1 + j % 3) * (0.7 * z + rng.nextGaussian());
      }
    }
    double[] mu = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mu[j] += x[i * d + j] / n;
      }
    }
    double[][] sigma = new double[d][d];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          sigma[a][b] += (x[i * d + a] - mu[a]) * (x[i * d + b] - mu[b]) / (n - 1);
        }
      }
    }
    MomentAccumulator aboutFirstSample = inBatches(x, d, 300);
    double[] referenceMean = new double[d]; // as FdBlocks centres on its reference's mean
    for (int j = 0; j < d; j++) {
      referenceMean[j] = 50.1 + j;
    }
    MomentAccumulator aboutGivenCentre = new MomentAccumulator(referenceMean);
    aboutGivenCentre.accept(x, d);
    for (MomentAccumulator acc : List.of(aboutFirstSample, aboutGivenCentre)) {
      double[] m = acc.mean();
      double[][] c = acc.covariance();
      for (int a = 0; a < d; a++) {
        assertEquals(mu[a], m[a], 1e-12 * Math.abs(mu[a]), acc.toString());
        for (int b = 0; b < d; b++) {
          assertEquals(sigma[a][b], c[a][b], 1e-12 * Math.sqrt(sigma[a][a] * sigma[b][b]));
        }
      }
    }
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
