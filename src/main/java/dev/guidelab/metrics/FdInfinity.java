package dev.guidelab.metrics;

import java.util.SplittableRandom;

/**
 * FID∞ (Chong &amp; Forsyth 2020, Sec. 3.1): FD_N is biased, ≈ {@code FD_∞ + b/N}; fit {@code FD_N
 * = a + b/N} by ordinary least squares over increasing N and report the intercept {@code a}. The
 * reference code evaluates FD_N at {@code np.linspace(min(5000, N), N, 15).astype(int32)} on random
 * subsets of the generated features against fixed real statistics.
 */
public final class FdInfinity {

  /** Reference number of grid points. */
  public static final int DEFAULT_POINTS = 15;

  /** Reference smallest subset size. */
  public static final int DEFAULT_MIN_N = 5000;

  /**
   * The fit {@code FD_N = a + b/N}.
   *
   * @param intercept a = FD_∞
   * @param slope b
   */
  public record Fit(double intercept, double slope) {}

  private FdInfinity() {}

  /** OLS of {@code fd[i]} on {@code x = 1/n[i]} (at least two distinct N). */
  public static Fit fit(double[] n, double[] fd) {
    if (n.length != fd.length || n.length < 2) {
      throw new IllegalArgumentException(
          "need ≥ 2 (N, FD) pairs of equal length, got " + n.length + " and " + fd.length);
    }
    int p = n.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < p; i++) {
      mx += 1 / n[i];
      my += fd[i];
    }
    mx /= p;
    my /= p;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < p; i++) {
      double dx = 1 / n[i] - mx;
      sxy += dx * (fd[i] - my);
      sxx += dx * dx;
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("all N are equal; the slope is undefined");
    }
    double b = sxy / sxx;
    return new Fit(my - b * mx, b);
  }

  /** {@code np.linspace(min(minN, n), n, points).astype(int32)}. */
  public static int[] referenceGrid(int n, int minN, int points) {
    double start = Math.min(minN, n);
    double step = (n - start) / (points - 1);
    int[] grid = new int[points];
    for (int i = 0; i < points; i++) {
      grid[i] = i == points - 1 ? n : (int) (start + i * step);
    }
    return grid;
  }

  /**
   * FD∞ of generated features {@code [N][d]} against a fixed reference: FD on a random subset
   * (without replacement, {@link SplittableRandom} with {@code seed}) of each size of {@link
   * #referenceGrid}, then {@link #fit}.
   */
  public static Fit estimate(FrechetDistance.Reference reference, double[][] fake, long seed) {
    int[] grid = referenceGrid(fake.length, DEFAULT_MIN_N, DEFAULT_POINTS);
    SplittableRandom rng = new SplittableRandom(seed);
    double[] n = new double[grid.length];
    double[] fd = new double[grid.length];
    for (int g = 0; g < grid.length; g++) {
      MomentAccumulator acc = new MomentAccumulator();
      for (int i : KernelInceptionDistance.sampleWithoutReplacement(rng, fake.length, grid[g])) {
        acc.accept(fake[i], fake[i].length);
      }
      n[g] = grid[g];
      fd[g] = reference.distanceTo(acc.mean(), acc.covariance());
    }
    return fit(n, fd);
  }
}
