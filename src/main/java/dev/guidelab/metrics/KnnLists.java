package dev.guidelab.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The k + 1 smallest exact squared distances from each point of a growing set to the set, self
 * included ({@link NearestNeighbours}: {@code r_k²} is the last of them), kept as the set grows so
 * that adding rows costs in proportion to the new rows: a new row is compared with every row, an
 * old row only with the new ones (its list can only get smaller values). Memory: {@code N·(k + 1)}
 * doubles and N norms beside the caller's rows (320 kB for 10,000 points at k = 3); a growth step
 * packs the rows transiently for dgemm ({@code N·d} doubles).
 *
 * <p>Pairs are screened by dgemm blocks (dsyrk for a block with itself) of {@link
 * NearestNeighbours#TILE} rows ({@code ‖x − y‖² = ‖x‖² + ‖y‖² − 2xᵀy}, within {@link
 * NearestNeighbours#screeningTolerance} of the exact value), each pair once: per point, the k + 1
 * smallest upper bounds seen so far (its list's exact values among them) are a threshold that no
 * pair with a larger lower bound can enter below; the pairs under it are candidates, evaluated
 * exactly ({@link NearestNeighbours#squaredDistance}) after the scan against the final threshold,
 * typically k + 1 of them and near-ties. The lists therefore hold the same bits as the direct scan
 * whatever the blocking, the growth steps or the BLAS. The scan runs sequentially (a native BLAS
 * threads each dgemm); the exact evaluations in parallel.
 */
final class KnnLists {

  private final int k;
  private final LinearAlgebra la;
  private double[][] best = new double[0][]; // [n][k + 1], ascending, exact
  private double[] norms = new double[0]; // [n], ‖x_i‖²
  private int n;

  /** Empty lists of the k + 1 smallest distances, screened by {@code la}. */
  KnnLists(int k, LinearAlgebra la) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    this.k = k;
    this.la = la;
  }

  /** Points in the set. */
  int size() {
    return n;
  }

  /** Squared {@code kk}-NN radius of every point, self excluded, {@code [N]}; {@code kk ≤ k}. */
  double[] squaredRadii(int kk) {
    if (kk < 1 || kk > k) {
      throw new IllegalArgumentException("kk must be in [1, " + k + "], got " + kk);
    }
    if (n < kk + 1) {
      throw new IllegalArgumentException(
          "a set of " + n + " points has no " + kk + "-th nearest neighbour");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = best[i][kk];
    }
    return out;
  }

  /**
   * Grows the set to rows {@code [0, to)} of {@code x}; rows before {@link #size()} are as before.
   */
  void grow(double[][] x, int to) {
    int n1 = n;
    if (to <= n1) {
      return;
    }
    int d = x[0].length;
    best = Arrays.copyOf(best, to);
    norms = Arrays.copyOf(norms, to);
    double[] fresh = NearestNeighbours.squaredNorms(Arrays.copyOfRange(x, n1, to));
    for (int i = n1; i < to; i++) {
      best[i] = new double[k + 1];
      Arrays.fill(best[i], Double.POSITIVE_INFINITY);
      norms[i] = fresh[i - n1];
    }
    Candidates cand = new Candidates(best, to, k);
    double tol = NearestNeighbours.screeningTolerance(d);
    double[][] oldChunks = NearestNeighbours.packChunks(Arrays.copyOf(x, n1), d);
    double[][] newChunks = NearestNeighbours.packChunks(Arrays.copyOfRange(x, n1, to), d);
    int tile = NearestNeighbours.TILE;
    double[] c = new double[tile * tile];
    for (int qb = 0; qb < newChunks.length; qb++) {
      int q0 = n1 + qb * tile;
      int qn = Math.min(tile, to - q0);
      // New rows against the old ones, then against the new ones from their own block on.
      for (int pb = 0; pb < oldChunks.length; pb++) {
        int p0 = pb * tile;
        int pn = Math.min(tile, n1 - p0);
        la.products().innerProducts(newChunks[qb], qn, oldChunks[pb], pn, d, c);
        screen(c, q0, qn, p0, pn, false, tol, cand);
      }
      // The block with itself: its upper triangle (dsyrk under BLAS).
      la.products().gram(newChunks[qb], qn, d, c);
      screen(c, q0, qn, q0, qn, true, tol, cand);
      for (int pb = qb + 1; pb < newChunks.length; pb++) {
        int p0 = n1 + pb * tile;
        int pn = Math.min(tile, to - p0);
        la.products().innerProducts(newChunks[qb], qn, newChunks[pb], pn, d, c);
        screen(c, q0, qn, p0, pn, false, tol, cand);
      }
    }
    cand.evaluate(x, best);
    n = to;
  }

  /**
   * Offers each pair of a block ({@code c[ii + jj·qn]}) to both its points; a diagonal block's
   * pairs once, from its upper triangle ({@code ii ≤ jj}). An off-diagonal block's two sides hold
   * different points, so they are offered at once, each side's points in the sequential order.
   */
  private void screen(
      double[] c, int q0, int qn, int p0, int pn, boolean diagonal, double tol, Candidates cand) {
    if (diagonal) {
      offer(c, q0, qn, p0, pn, true, true, tol, cand);
      return;
    }
    IntStream.range(0, 2)
        .parallel()
        .forEach(side -> offer(c, q0, qn, p0, pn, side == 0, side == 1, tol, cand));
  }

  /** The pairs of a block offered to their q-side points and/or their p-side points. */
  private void offer(
      double[] c,
      int q0,
      int qn,
      int p0,
      int pn,
      boolean toQ,
      boolean toP,
      double tol,
      Candidates cand) {
    boolean diagonal = toQ && toP;
    for (int jj = 0; jj < pn; jj++) {
      int j = p0 + jj;
      double nj = norms[j];
      for (int ii = 0, end = diagonal ? jj + 1 : qn; ii < end; ii++) {
        int i = q0 + ii;
        double ni = norms[i];
        double estimate = ni + nj - 2 * c[ii + jj * qn];
        double bound = tol * (ni + nj);
        if (toQ) {
          cand.offer(i, j, estimate - bound, estimate + bound);
        }
        if (toP && i != j) {
          cand.offer(j, i, estimate - bound, estimate + bound);
        }
      }
    }
  }

  /** Per point, the k + 1 smallest upper bounds seen in a scan and the pairs under them. */
  private static final class Candidates {
    private final int k;
    private final double[][] upper; // [n][k + 1], ascending: the list's values, then bounds
    private final int[][] pending; // [n][], partner indices
    private final double[][] lower; // [n][], their lower bounds
    private final int[] count;

    Candidates(double[][] best, int n, int k) {
      this.k = k;
      upper = new double[n][];
      for (int i = 0; i < n; i++) {
        upper[i] = best[i].clone();
      }
      pending = new int[n][];
      lower = new double[n][];
      count = new int[n];
    }

    void offer(int i, int j, double lo, double hi) {
      double[] u = upper[i];
      if (lo > u[k]) {
        return;
      }
      if (hi < u[k]) {
        insert(u, hi);
      }
      if (pending[i] == null) {
        pending[i] = new int[2 * (k + 1)];
        lower[i] = new double[2 * (k + 1)];
      } else if (count[i] == pending[i].length) {
        prune(i);
      }
      pending[i][count[i]] = j;
      lower[i][count[i]++] = lo;
    }

    /** Drops the candidates the threshold has since excluded; grows the arrays if few were. */
    private void prune(int i) {
      double t = upper[i][k];
      int kept = 0;
      for (int e = 0; e < count[i]; e++) {
        if (lower[i][e] <= t) {
          pending[i][kept] = pending[i][e];
          lower[i][kept++] = lower[i][e];
        }
      }
      count[i] = kept;
      if (2 * kept > pending[i].length) {
        pending[i] = Arrays.copyOf(pending[i], 2 * pending[i].length);
        lower[i] = Arrays.copyOf(lower[i], 2 * lower[i].length);
      }
    }

    /** Evaluates the surviving candidates exactly into {@code best}. */
    void evaluate(double[][] x, double[][] best) {
      NearestNeighbours.parallelBlocks(
          count.length,
          i -> {
            double t = upper[i][k];
            for (int e = 0; e < count[i]; e++) {
              if (lower[i][e] <= t) {
                double d2 = NearestNeighbours.squaredDistance(x[i], x[pending[i][e]]);
                if (d2 < best[i][k]) {
                  insert(best[i], d2);
                }
              }
            }
          });
    }
  }

  /** Inserts {@code v < a[last]} into ascending {@code a}, dropping the last value. */
  static void insert(double[] a, double v) {
    int p = a.length - 1;
    while (p > 0 && a[p - 1] > v) {
      a[p] = a[p - 1];
      p--;
    }
    a[p] = v;
  }
}
