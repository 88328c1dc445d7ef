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
    return of(real, fake, NearestNeighbours.gemmFor(fake));
  }

  /**
   * As above; with {@code la} non-null one pass of dgemm blocks over real × generated, pairs within
   * the rounding bound of a radius decided by the exact distance (same result bits).
   */
  static Result of(NearestNeighbours.Balls real, double[][] fake, LinearAlgebra la) {
    if (la != null && fake.length > 0 && real.size() > 0) {
      return ofGemm(real, fake, la);
    }
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

  private static Result ofGemm(NearestNeighbours.Balls real, double[][] fake, LinearAlgebra la) {
    double[][] c = real.centres();
    double[] r2 = real.squaredRadii();
    int d = fake[0].length;
    int tile = NearestNeighbours.TILE;
    double[] fakeNorms = NearestNeighbours.squaredNorms(fake);
    double[] realNorms = NearestNeighbours.squaredNorms(c);
    double tol = NearestNeighbours.screeningTolerance(d);
    double[][] realChunks = NearestNeighbours.packChunks(c, d);
    double[][] fakeChunks = NearestNeighbours.packChunks(fake, d);
    long[] count = new long[fake.length];
    boolean[] covered = new boolean[c.length]; // only ever set to true
    NearestNeighbours.forEachChunk(
        fakeChunks.length,
        la,
        gb -> {
          int g0 = gb * tile;
          int gn = Math.min(tile, fake.length - g0);
          double[] ip = new double[gn * tile];
          for (int rb = 0; rb < realChunks.length; rb++) {
            int r0 = rb * tile;
            int rn = Math.min(tile, c.length - r0);
            la.products().innerProducts(fakeChunks[gb], gn, realChunks[rb], rn, d, ip);
            for (int jj = 0; jj < rn; jj++) {
              int r = r0 + jj;
              double nr = realNorms[r];
              boolean any = false;
              for (int ii = 0; ii < gn; ii++) {
                int g = g0 + ii;
                double ng = fakeNorms[g];
                double estimate = ng + nr - 2 * ip[ii + jj * gn];
                double bound = tol * (ng + nr);
                boolean in;
                if (estimate + bound < r2[r]) {
                  in = true;
                } else if (estimate - bound >= r2[r]) {
                  in = false;
                } else {
                  in = NearestNeighbours.squaredDistance(fake[g], c[r]) < r2[r];
                }
                if (in) {
                  count[g]++;
                  any = true;
                }
              }
              if (any) {
                covered[r] = true;
              }
            }
          }
        });
    long total = 0;
    for (long x : count) {
      total += x;
    }
    double density = (1.0 / real.k()) * ((double) total / fake.length);
    int hit = 0;
    for (boolean b : covered) {
      hit += b ? 1 : 0;
    }
    return new Result(density, (double) hit / c.length);
  }
}
