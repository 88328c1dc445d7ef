package dev.guidelab.metrics;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018, Eq. 2 and Sec. 4): the unbiased estimator of
 * the squared MMD with the cubic polynomial kernel {@code k(x, y) = (xᵀy/d + 1)³},
 *
 * <pre>
 * MMD²_u = Σ_{i≠j} k(x_i, x_j)/(m(m−1)) + Σ_{i≠j} k(y_i, y_j)/(n(n−1)) − 2 Σ_{i,j} k(x_i, y_j)/(mn)
 * </pre>
 *
 * averaged over random subsets as the reference tools do (torch-fidelity, clean-fid, StyleGAN3: 100
 * subsets of {@code m = min(N_r, N_g, 1000)}); mean and population std over subsets. Can be
 * negative. Memory is O(m); the kernel sums are accumulated, never stored.
 */
public final class KernelInceptionDistance {

  /** Reference number of subsets. */
  public static final int DEFAULT_SUBSETS = 100;

  /** Reference cap on the subset size. */
  public static final int DEFAULT_MAX_SUBSET_SIZE = 1000;

  /**
   * KID over subsets.
   *
   * @param mean mean of MMD²_u over subsets (the reported KID)
   * @param std population standard deviation (ddof 0, as numpy.std) over subsets
   * @param subsets number of subsets
   * @param subsetSize rows per set in each subset, m
   */
  public record Estimate(double mean, double std, int subsets, int subsetSize) {}

  private KernelInceptionDistance() {}

  /** {@code (xᵀy/d + 1)³}. */
  static double kernel(double[] x, double[] y) {
    double dot = 0;
    for (int j = 0; j < x.length; j++) {
      dot += x[j] * y[j];
    }
    double base = dot / x.length + 1;
    return base * base * base;
  }

  /**
   * Unbiased MMD² between all rows of {@code x} ({@code [m][d]}, m ≥ 2) and {@code y} ({@code
   * [n][d]}).
   */
  public static double mmd2(double[][] x, double[][] y) {
    return mmd2(x, y, NearestNeighbours.gemmFor(x));
  }

  /**
   * As above; with {@code la} non-null the inner products come from BLAS dgemm blocks of {@link
   * NearestNeighbours#TILE} rows (same value to ~1e-15 relative, different summation order).
   */
  static double mmd2(double[][] x, double[][] y, LinearAlgebra la) {
    NearestNeighbours.requireSameDim(x, y);
    int m = x.length;
    int n = y.length;
    if (m < 2 || n < 2) {
      throw new IllegalArgumentException("MMD² needs at least 2 rows per set, got " + m + ", " + n);
    }
    if (la != null) {
      int d = x[0].length;
      double[][] xc = NearestNeighbours.packChunks(x, d);
      double[][] yc = NearestNeighbours.packChunks(y, d);
      double[] c = new double[NearestNeighbours.TILE * NearestNeighbours.TILE];
      double kxx = 2 * kernelSum(la, xc, xc, m, m, d, c, true);
      double kyy = 2 * kernelSum(la, yc, yc, n, n, d, c, true);
      double kxy = kernelSum(la, xc, yc, m, n, d, c, false);
      return kxx / ((double) m * (m - 1))
          + kyy / ((double) n * (n - 1))
          - 2 * kxy / ((double) m * n);
    }
    // Off-diagonal kernel sums within each set (upper triangle, doubled) and across.
    double kxx = 2 * offDiagonalUpperSum(x);
    double kyy = 2 * offDiagonalUpperSum(y);
    double kxy = 0;
    for (double[] xi : x) {
      for (double[] yj : y) {
        kxy += kernel(xi, yj);
      }
    }
    return kxx / ((double) m * (m - 1)) + kyy / ((double) n * (n - 1)) - 2 * kxy / ((double) m * n);
  }

  /**
   * Σ k(a_i, b_j) over all pairs, or over i &lt; j only when {@code upper} (a and b the same set),
   * from dgemm blocks of the chunked rows.
   */
  private static double kernelSum(
      LinearAlgebra la,
      double[][] a,
      double[][] b,
      int na,
      int nb,
      int d,
      double[] c,
      boolean upper) {
    int tile = NearestNeighbours.TILE;
    double sum = 0;
    for (int ab = 0; ab < a.length; ab++) {
      int an = Math.min(tile, na - ab * tile);
      for (int bb = upper ? ab : 0; bb < b.length; bb++) {
        int bn = Math.min(tile, nb - bb * tile);
        la.innerProducts(a[ab], an, b[bb], bn, d, c);
        boolean diagonal = upper && ab == bb;
        for (int j = 0; j < bn; j++) {
          int iEnd = diagonal ? j : an; // within a diagonal block only i < j
          for (int i = 0; i < iEnd; i++) {
            double base = c[i + j * an] / d + 1;
            sum += base * base * base;
          }
        }
      }
    }
    return sum;
  }

  private static double offDiagonalUpperSum(double[][] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        s += kernel(x[i], x[j]);
      }
    }
    return s;
  }

  /** With the reference protocol: 100 subsets of {@code min(N_r, N_g, 1000)}. */
  public static Estimate compute(double[][] real, double[][] fake, long seed) {
    int m = Math.min(Math.min(real.length, fake.length), DEFAULT_MAX_SUBSET_SIZE);
    return compute(real, fake, DEFAULT_SUBSETS, m, seed);
  }

  /**
   * MMD² averaged over {@code subsets} pairs of random subsets of {@code m} rows (without
   * replacement within a subset, independent across subsets), drawn in order from a {@link
   * SplittableRandom} seeded with {@code seed}; deterministic for a given seed whatever the thread
   * count.
   */
  public static Estimate compute(double[][] real, double[][] fake, int subsets, int m, long seed) {
    return compute(real, fake, subsets, m, seed, NearestNeighbours.gemmFor(real));
  }

  /** As above; with {@code la} non-null each subset's MMD² by dgemm blocks. */
  static Estimate compute(
      double[][] real, double[][] fake, int subsets, int m, long seed, LinearAlgebra la) {
    NearestNeighbours.requireSameDim(real, fake);
    if (subsets < 1 || m < 2 || m > real.length || m > fake.length) {
      throw new IllegalArgumentException(
          "need ≥ 1 subsets of 2 ≤ m ≤ min(N_r, N_g) rows; got "
              + subsets
              + " of "
              + m
              + " from "
              + real.length
              + " and "
              + fake.length);
    }
    // Draw all index subsets first (sequential, so the result is thread-count independent).
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] realIdx = new int[subsets][];
    int[][] fakeIdx = new int[subsets][];
    for (int s = 0; s < subsets; s++) {
      realIdx[s] = sampleWithoutReplacement(rng, real.length, m);
      fakeIdx[s] = sampleWithoutReplacement(rng, fake.length, m);
    }
    // MMD² per subset, in parallel (one at a time under a native BLAS, which threads each dgemm).
    IntStream range = IntStream.range(0, subsets);
    double[] t =
        (la != null && la.isNative() ? range : range.parallel())
            .mapToDouble(s -> mmd2(rows(real, realIdx[s]), rows(fake, fakeIdx[s]), la))
            .toArray();
    double mean = 0;
    for (double v : t) {
      mean += v;
    }
    mean /= subsets;
    double var = 0;
    for (double v : t) {
      var += (v - mean) * (v - mean);
    }
    return new Estimate(mean, Math.sqrt(var / subsets), subsets, m);
  }

  /** m distinct indices of [0, n) by a partial Fisher–Yates shuffle. */
  public static int[] sampleWithoutReplacement(SplittableRandom rng, int n, int m) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + rng.nextInt(n - i);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    return java.util.Arrays.copyOf(perm, m);
  }

  private static double[][] rows(double[][] x, int[] idx) {
    double[][] out = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      out[i] = x[idx[i]];
    }
    return out;
  }
}
