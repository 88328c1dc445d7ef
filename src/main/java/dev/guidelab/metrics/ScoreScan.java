package dev.guidelab.metrics;

import java.util.Arrays;

/**
 * {@link Realism#dgmEval} and {@link Rarity#scores} of samples against reference balls in one pass
 * of dgemm blocks, the same bits as those direct scans: a pair's dgemm estimate of {@code ‖φ_g −
 * φ_r‖²} lies within {@code ε = }{@link NearestNeighbours#screeningTolerance}{@code ·(‖φ_g‖² +
 * ‖φ_r‖²)} of the exact one, so
 *
 * <ul>
 *   <li>realism: the ratio {@code r_k/‖φ_g − φ_r‖} of a retained ball lies between {@code r_k/√(est
 *       + ε)} and {@code r_k/√(est − ε)} (widened by 8 ulps for the rounding of the square root and
 *       the division); only balls whose upper bound reaches the largest lower bound can hold the
 *       maximum, and they are evaluated exactly, as the direct scan does;
 *   <li>rarity: a ball smaller than the smallest containing one found so far is decided by the
 *       estimate when it is farther than ε from the radius, else by the exact distance.
 * </ul>
 */
final class ScoreScan {

  private static final double SLACK = 8 * Math.ulp(1.0);

  private ScoreScan() {}

  /** {@code {realism, rarity}} of each row of {@code fake}, {@code [2][M]}. */
  static double[][] scores(NearestNeighbours.Balls real, double[][] fake, LinearAlgebra la) {
    double[][] c = real.centres();
    double[] r2 = real.squaredRadii();
    double[] radius = real.radii();
    double median = Realism.percentile(radius, 50);
    int d = c[0].length;
    int m = fake.length;
    int tile = NearestNeighbours.TILE;
    double tol = NearestNeighbours.screeningTolerance(d);
    double[] fakeNorms = NearestNeighbours.squaredNorms(fake);
    double[] realNorms = NearestNeighbours.squaredNorms(c);
    double[][] realChunks = NearestNeighbours.packChunks(c, d);
    double[][] fakeChunks = NearestNeighbours.packChunks(fake, d);
    double[] lowest = new double[m]; // per sample, the largest lower bound of a ratio
    Arrays.fill(lowest, Double.NEGATIVE_INFINITY);
    double[] rarity = new double[m]; // per sample, the smallest containing squared radius
    Arrays.fill(rarity, Double.POSITIVE_INFINITY);
    int[][] pending = new int[m][8]; // realism candidates: ball indices
    double[][] upper = new double[m][8]; // and their upper bounds
    int[] count = new int[m];
    double[] ip = new double[tile * tile];
    for (int gb = 0; gb < fakeChunks.length; gb++) {
      int g0 = gb * tile;
      int gn = Math.min(tile, m - g0);
      for (int rb = 0; rb < realChunks.length; rb++) {
        int r0 = rb * tile;
        int rn = Math.min(tile, c.length - r0);
        la.products().innerProducts(fakeChunks[gb], gn, realChunks[rb], rn, d, ip);
        // Each part screens its own samples against the block's balls, in the balls' order.
        NearestNeighbours.inParts(
            gn,
            (from, to) -> {
              for (int jj = 0; jj < rn; jj++) {
                int r = r0 + jj;
                double nr = realNorms[r];
                boolean retained = radius[r] < median;
                for (int ii = from; ii < to; ii++) {
                  int g = g0 + ii;
                  double ng = fakeNorms[g];
                  double estimate = ng + nr - 2 * ip[ii + jj * gn];
                  double bound = tol * (ng + nr);
                  if (retained) {
                    double lo = radius[r] / Math.sqrt(estimate + bound) * (1 - SLACK);
                    double hi = radius[r] / Math.sqrt(Math.max(0, estimate - bound)) * (1 + SLACK);
                    if (!(hi
                        < lowest[g])) { // NaN (0/0: a zero radius at distance 0) is a candidate
                      if (lo > lowest[g]) {
                        lowest[g] = lo;
                      }
                      if (count[g] == pending[g].length) {
                        prune(g, pending, upper, count, lowest[g]);
                      }
                      pending[g][count[g]] = r;
                      upper[g][count[g]++] = hi;
                    }
                  }
                  if (r2[r] < rarity[g]
                      && !(estimate - bound > r2[r])
                      && (estimate + bound < r2[r]
                          || NearestNeighbours.squaredDistance(fake[g], c[r]) < r2[r])) {
                    rarity[g] = r2[r];
                  }
                }
              }
            });
      }
    }
    double[] realism = new double[m];
    NearestNeighbours.parallelBlocks(
        m,
        g -> {
          double best = Double.NEGATIVE_INFINITY;
          for (int e = 0; e < count[g]; e++) {
            if (!(upper[g][e] < lowest[g])) {
              int r = pending[g][e];
              double dist = Math.sqrt(NearestNeighbours.squaredDistance(fake[g], c[r]));
              best = Math.max(best, radius[r] / dist);
            }
          }
          realism[g] = best == Double.NEGATIVE_INFINITY ? Double.NaN : best; // no ball retained
        });
    for (int g = 0; g < m; g++) {
      rarity[g] = rarity[g] == Double.POSITIVE_INFINITY ? Double.NaN : Math.sqrt(rarity[g]);
    }
    return new double[][] {realism, rarity};
  }

  /** Drops sample g's candidates below {@code floor}; doubles its arrays if few were. */
  private static void prune(int g, int[][] pending, double[][] upper, int[] count, double floor) {
    int kept = 0;
    for (int e = 0; e < count[g]; e++) {
      if (!(upper[g][e] < floor)) {
        pending[g][kept] = pending[g][e];
        upper[g][kept++] = upper[g][e];
      }
    }
    count[g] = kept;
    if (2 * kept > pending[g].length) {
      pending[g] = Arrays.copyOf(pending[g], 2 * pending[g].length);
      upper[g] = Arrays.copyOf(upper[g], 2 * upper[g].length);
    }
  }
}
