package dev.guidelab.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

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

  /** Rows per BLAS block of the kernel sums: a subset of the reference size is one dsyrk. */
  static final int KERNEL_TILE = 1024;

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
    return cube(dot, x.length);
  }

  /**
   * Unbiased MMD² between all rows of {@code x} ({@code [m][d]}, m ≥ 2) and {@code y} ({@code
   * [n][d]}).
   */
  public static double mmd2(double[][] x, double[][] y) {
    return mmd2(x, y, NearestNeighbours.gemmFor(x));
  }

  /**
   * As above; with {@code la} non-null the inner products come from BLAS blocks (dsyrk within a
   * set, dgemm across; same value to ~1e-15 relative, different summation order).
   */
  static double mmd2(double[][] x, double[][] y, LinearAlgebra la) {
    NearestNeighbours.requireSameDim(x, y);
    int m = x.length;
    int n = y.length;
    if (m < 2 || n < 2) {
      throw new IllegalArgumentException("MMD² needs at least 2 rows per set, got " + m + ", " + n);
    }
    if (la != null) {
      int[] xi = java.util.stream.IntStream.range(0, m).toArray();
      int[] yi = java.util.stream.IntStream.range(0, n).toArray();
      return mmd2(
          2 * withinSum(la, x, xi), 2 * withinSum(la, y, yi), crossSum(la, x, xi, y, yi), m, n);
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
    return mmd2(kxx, kyy, kxy, m, n);
  }

  /**
   * Eq. 2 from the kernel sums {@code Σ_{i≠j} k(x_i, x_j)}, the same for y, and {@code Σ k(x_i,
   * y_j)}.
   */
  static double mmd2(double kxx, double kyy, double kxy, int m, int n) {
    return kxx / ((double) m * (m - 1)) + kyy / ((double) n * (n - 1)) - 2 * kxy / ((double) m * n);
  }

  /**
   * {@code Σ_{i<j} k(x_a, x_b)} over rows {@code a = idx[i], b = idx[j]} of x, by dsyrk/dgemm
   * blocks.
   */
  static double withinSum(LinearAlgebra la, double[][] x, int[] idx) {
    return blockSum(la, x, idx, x, idx, true);
  }

  /** {@code Σ_{i,j} k(x_{xi[i]}, y_{yi[j]})} by dgemm blocks. */
  static double crossSum(LinearAlgebra la, double[][] x, int[] xi, double[][] y, int[] yi) {
    return blockSum(la, x, xi, y, yi, false);
  }

  private static double blockSum(
      LinearAlgebra la, double[][] x, int[] xi, double[][] y, int[] yi, boolean within) {
    double[] sum = {0};
    kernelTiles(
        la,
        x,
        xi,
        xi.length,
        y,
        yi,
        yi.length,
        within,
        (a0, an, b0, bn, k) -> {
          for (int e = 0; e < an * bn; e++) {
            sum[0] += k[e];
          }
        });
    return sum[0];
  }

  /** Receives one tile of kernel values, {@code k[i + j·an]} for rows a0 + i and b0 + j. */
  interface TileConsumer {
    void accept(int a0, int an, int b0, int bn, double[] k);
  }

  /**
   * The kernel values of rows {@code xi} of x against rows {@code yi} of y (null: the first nx, ny
   * rows) in tiles of {@link #KERNEL_TILE}, by dgemm (dsyrk for a tile with itself). With {@code
   * within} y is x and each pair counts once: tiles from the diagonal on, and in a diagonal tile
   * only {@code i < j}, the rest of it 0. The tile array is reused: {@code out} must not keep it.
   */
  static void kernelTiles(
      LinearAlgebra la,
      double[][] x,
      int[] xi,
      int nx,
      double[][] y,
      int[] yi,
      int ny,
      boolean within,
      TileConsumer out) {
    int d = x[0].length;
    int tile = KERNEL_TILE;
    double[] a = new double[Math.min(tile, nx) * d];
    double[] b = new double[Math.min(tile, ny) * d];
    double[] c = new double[Math.min(tile, nx) * Math.min(tile, ny)];
    for (int a0 = 0; a0 < nx; a0 += tile) {
      int an = Math.min(tile, nx - a0);
      LinearAlgebra.pack(x, xi, a0, a0 + an, d, a);
      for (int b0 = within ? a0 : 0; b0 < ny; b0 += tile) {
        int bn = Math.min(tile, ny - b0);
        boolean diagonal = within && a0 == b0;
        if (diagonal) {
          la.products().gram(a, an, d, c);
        } else {
          LinearAlgebra.pack(y, yi, b0, b0 + bn, d, b);
          la.products().innerProducts(a, an, b, bn, d, c);
        }
        for (int j = 0; j < bn; j++) {
          int iEnd = diagonal ? j : an; // within a diagonal tile only i < j
          for (int i = 0; i < iEnd; i++) {
            c[i + j * an] = cube(c[i + j * an], d);
          }
          Arrays.fill(c, iEnd + j * an, (j + 1) * an, 0);
        }
        out.accept(a0, an, b0, bn, c);
      }
    }
  }

  /** {@code (g/d + 1)³} for an inner product g. */
  static double cube(double g, int d) {
    double base = g / d + 1;
    return base * base * base;
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
    return compute(real, fake, DEFAULT_SUBSETS, subsetSize(real.length, fake.length), seed);
  }

  /** The reference protocol's subset size, {@code min(N_r, N_g, 1000)}. */
  static int subsetSize(int realCount, int fakeCount) {
    return Math.min(Math.min(realCount, fakeCount), DEFAULT_MAX_SUBSET_SIZE);
  }

  /**
   * MMD² averaged over {@code subsets} pairs of random subsets of {@code m} rows (without
   * replacement within a subset, independent across subsets): the real subsets drawn in order from
   * {@link #realStream}, the generated ones from {@link #fakeStream}. Deterministic for a given
   * seed whatever the thread count; the real subsets do not depend on the generated set, so their
   * kernel sums can be kept with the reference ({@link ReferenceSet#kernelSubsets}).
   */
  public static Estimate compute(double[][] real, double[][] fake, int subsets, int m, long seed) {
    return compute(real, fake, subsets, m, seed, NearestNeighbours.gemmFor(real));
  }

  /** As above; with {@code la} non-null the kernel sums by BLAS blocks ({@link SubsetSums}). */
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
    int[][] realIdx = draw(realStream(seed), subsets, real.length, m);
    int[][] fakeIdx = draw(fakeStream(seed), subsets, fake.length, m);
    double[] t = new double[subsets];
    if (la == null) {
      // MMD² per subset, in parallel.
      Arrays.parallelSetAll(t, s -> mmd2(rows(real, realIdx[s]), rows(fake, fakeIdx[s]), null));
    } else {
      double[] kxx = SubsetSums.within(la, real, real.length, realIdx);
      double[] kyy = SubsetSums.within(la, fake, fake.length, fakeIdx);
      double[] kxy = SubsetSums.cross(la, real, realIdx, fake, fakeIdx);
      for (int s = 0; s < subsets; s++) {
        t[s] = mmd2(2 * kxx[s], 2 * kyy[s], kxy[s], m, m);
      }
    }
    return estimate(t, m);
  }

  /** Mean and population std of the subsets' MMD². */
  static Estimate estimate(double[] t, int m) {
    double mean = 0;
    for (double v : t) {
      mean += v;
    }
    mean /= t.length;
    double var = 0;
    for (double v : t) {
      var += (v - mean) * (v - mean);
    }
    return new Estimate(mean, Math.sqrt(var / t.length), t.length, m);
  }

  /** The random stream the real subsets are drawn from. */
  static SplittableRandom realStream(long seed) {
    return new SplittableRandom(seed);
  }

  /** The random stream the generated subsets are drawn from, independent of {@link #realStream}. */
  static SplittableRandom fakeStream(long seed) {
    return new SplittableRandom(seed).split();
  }

  /** {@code subsets} index subsets of m of [0, n), drawn in order from {@code rng}. */
  static int[][] draw(SplittableRandom rng, int subsets, int n, int m) {
    int[][] idx = new int[subsets][];
    for (int s = 0; s < subsets; s++) {
      idx[s] = sampleWithoutReplacement(rng, n, m);
    }
    return idx;
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
    return Arrays.copyOf(perm, m);
  }

  private static double[][] rows(double[][] x, int[] idx) {
    double[][] out = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      out[i] = x[idx[i]];
    }
    return out;
  }
}
