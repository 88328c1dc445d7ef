package dev.guidelab.metrics;

/**
 * Density and coverage (Naeem et al. 2020, Eq. 5–6; clovaai/generative-evaluation-prdc), strict
 * {@code <} membership in the real k-NN balls: {@code density = (1/kM) Σ_g #{r : ‖φ_g − φ_r‖ <
 * r_k(φ_r)}}, {@code coverage = (1/N) Σ_r 1[∃g : ‖φ_r − φ_g‖ < r_k(φ_r)]}. Only real balls are
 * needed, so a cached reference makes each evaluation one scan of real × generated.
 */
public final class DensityCoverage {

  /** The paper's default neighbourhood size. */
  public static final int DEFAULT_K = 5;

  /** Density (unbounded above, 1 on average for matching distributions) and coverage in [0, 1]. */
  public record Result(double density, double coverage) {}

  private DensityCoverage() {}

  /** With {@link #DEFAULT_K}. */
  public static Result compute(double[][] real, double[][] fake) {
    return compute(real, fake, DEFAULT_K);
  }

  /** Density and coverage of {@code fake} against {@code real} ({@code [N][d]} each). */
  public static Result compute(double[][] real, double[][] fake, int k) {
    NearestNeighbours.requireSameDim(real, fake);
    return of(NearestNeighbours.balls(real, k), fake);
  }

  /** From precomputed real balls. */
  public static Result of(NearestNeighbours.Balls real, double[][] fake) {
    double[][] c = real.centres();
    double[] r2 = real.squaredRadii();
    // Density: per generated sample, the number of real balls containing it (strict <).
    long[] count = new long[fake.length];
    NearestNeighbours.parallelBlocks(
        fake.length,
        g -> {
          long in = 0;
          for (int r = 0; r < c.length; r++) {
            if (NearestNeighbours.squaredDistance(fake[g], c[r]) < r2[r]) {
              in++;
            }
          }
          count[g] = in;
        });
    long total = 0;
    for (long x : count) {
      total += x;
    }
    // (1/k)·mean_g count, in clovaai's order of operations.
    double density = (1.0 / real.k()) * ((double) total / fake.length);
    // Coverage: per real ball, whether its nearest generated sample lies strictly inside.
    boolean[] covered = new boolean[c.length];
    NearestNeighbours.parallelBlocks(
        c.length,
        r -> {
          for (double[] g : fake) {
            if (NearestNeighbours.squaredDistance(c[r], g) < r2[r]) {
              covered[r] = true;
              return;
            }
          }
        });
    int hit = 0;
    for (boolean b : covered) {
      hit += b ? 1 : 0;
    }
    return new Result(density, (double) hit / c.length);
  }
}
