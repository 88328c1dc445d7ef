package dev.guidelab.metrics;

import java.util.Arrays;

/**
 * {@link KernelInceptionDistance} (100 subsets of {@code m = min(N_r, N_g, 1000)}, seed {@link
 * ToyMetrics#KID_SEED}) of a growing generated set, kept so that a checkpoint reuses what the
 * samples already kept contributed:
 *
 * <ul>
 *   <li>the real subsets and their within sums {@code Σ_{i≠j∈R_s} k} depend on the reference and m
 *       alone, so the reference keeps them ({@link ReferenceSet#kernelSubsets});
 *   <li>the cross sums are kept per generated sample: {@code a_s(f) = Σ_{r∈R_s} k(r, f)} for every
 *       subset s, computed once per sample (one dgemm pass of the new rows against the reference
 *       rows some subset holds: 63 % of them at N_r = 10,000, 86 % at 50,000), so {@code Σ_{r∈R_s,
 *       f∈F_s} k = Σ_{f∈F_s} a_s(f)} costs m additions per subset (at most {@code 2·N_r·d} flops
 *       per sample, once: at 10,000 × 10,000 a pass costs 63 % of the protocol's 100 dgemms of 1000
 *       × 1000, where every checkpoint repeated those);
 *   <li>the generated within sums {@code Σ_{i≠j∈F_s} k} are recomputed per checkpoint ({@link
 *       SubsetSums}: below about 10,000 kept samples once over all their pairs, above by one dsyrk
 *       of m rows per subset): each checkpoint draws its generated subsets afresh from all the
 *       samples kept, as the protocol does, and after the kept set grew by half a uniform subset of
 *       it shares only (2/3)² of its pairs with any earlier one, too few to pay for tracking.
 * </ul>
 *
 * While {@code N_g < 1000} every checkpoint has another m, so the cross sums are rebuilt for all
 * kept samples (at most 1000 of them). Memory: {@code N_g × 100} doubles (8 MB at 10,000 kept), and
 * the reference keeps a membership matrix of its rows in some subset × 100 (5 MB at 10,000, 35 MB
 * at 50,000). The per-sample sums are not saved with a run's state: a restored run rebuilds them at
 * its next checkpoint, with the same bits ({@link #grow}).
 */
final class KernelSums {

  /**
   * The real side of the subsets for one m, drawn with {@code seed}: {@code idx[s]} the rows of
   * subset s, {@code rows} the reference rows some subset holds (ascending), {@code membership} the
   * 0/1 matrix {@code [rows × subsets]} (column-major) of which subsets hold which of them, {@code
   * within[s] = Σ_{i≠j} k} over subset s.
   */
  record RealSubsets(
      int m, long seed, int[][] idx, int[] rows, double[] membership, double[] within) {

    /** The {@code subsets} real subsets of m rows of {@code real}, with their within sums. */
    static RealSubsets of(double[][] real, int subsets, int m, long seed, LinearAlgebra la) {
      int[][] idx =
          KernelInceptionDistance.draw(
              KernelInceptionDistance.realStream(seed), subsets, real.length, m);
      int[] rows = Arrays.stream(idx).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
      int[] position = new int[real.length];
      for (int i = 0; i < rows.length; i++) {
        position[rows[i]] = i;
      }
      int[][] local = new int[subsets][];
      for (int s = 0; s < subsets; s++) {
        local[s] = Arrays.stream(idx[s]).map(r -> position[r]).toArray();
      }
      double[] membership = SubsetSums.membership(local, rows.length);
      double[] within = SubsetSums.within(la, real, real.length, idx);
      for (int s = 0; s < subsets; s++) {
        within[s] *= 2;
      }
      return new RealSubsets(m, seed, idx, rows, membership, within);
    }
  }

  private final ReferenceSet reference;
  private final LinearAlgebra la;
  private RealSubsets real; // for the m of the last growth, or null
  private double[] cross = new double[0]; // [n × subsets], a_s(f) at f·subsets + s
  private int n; // generated samples whose cross sums are final, a multiple of TILE

  KernelSums(ReferenceSet reference, LinearAlgebra la) {
    this.reference = reference;
    this.la = la;
  }

  /** KID of rows {@code [0, count)} of {@code fake}, those before the last call being as then. */
  KernelInceptionDistance.Estimate estimate(double[][] fake, int count) {
    int subsets = KernelInceptionDistance.DEFAULT_SUBSETS;
    int m = KernelInceptionDistance.subsetSize(reference.size(), count);
    if (real == null || real.m() != m) {
      real = reference.kernelSubsets(subsets, m, ToyMetrics.KID_SEED, la);
      n = 0;
    }
    grow(fake, count, subsets);
    int[][] fakeIdx =
        KernelInceptionDistance.draw(
            KernelInceptionDistance.fakeStream(ToyMetrics.KID_SEED), subsets, count, m);
    double[] kyy = SubsetSums.within(la, fake, count, fakeIdx);
    double[] t = new double[subsets];
    for (int s = 0; s < subsets; s++) {
      double kxy = 0;
      for (int f : fakeIdx[s]) {
        kxy += cross[f * subsets + s];
      }
      t[s] = KernelInceptionDistance.mmd2(real.within()[s], 2 * kyy[s], kxy, m, m);
    }
    return KernelInceptionDistance.estimate(t, m);
  }

  /**
   * Computes the cross sums of rows {@code [n, to)}: dgemm blocks against the reference's rows,
   * their kernel values summed into the subsets by a second dgemm with the membership matrix. The
   * blocks of generated rows start at multiples of {@link NearestNeighbours#TILE} and only whole
   * blocks are kept ({@code n} stays a multiple of it; a trailing partial block is computed again
   * next time), so every sample's sums come from the same BLAS calls whatever the growth steps — as
   * they do after a restore, which starts from none.
   */
  private void grow(double[][] fake, int to, int subsets) {
    if (to <= n) {
      return;
    }
    double[][] all = reference.samples();
    double[][] ref = new double[real.rows().length][]; // the rows some subset holds
    Arrays.setAll(ref, i -> all[real.rows()[i]]);
    int d = ref[0].length;
    cross = Arrays.copyOf(cross, to * subsets);
    Arrays.fill(cross, n * subsets, to * subsets, 0);
    int tile = NearestNeighbours.TILE;
    double[][] refChunks = NearestNeighbours.packChunks(ref, d);
    double[][] newChunks = NearestNeighbours.packChunks(Arrays.copyOfRange(fake, n, to), d);
    double[] c = new double[tile * tile];
    for (int qb = 0; qb < newChunks.length; qb++) {
      int q0 = n + qb * tile;
      int qn = Math.min(tile, to - q0);
      for (int pb = 0; pb < refChunks.length; pb++) {
        int p0 = pb * tile;
        int pn = Math.min(tile, ref.length - p0);
        la.products().innerProducts(newChunks[qb], qn, refChunks[pb], pn, d, c);
        for (int e = 0; e < qn * pn; e++) {
          c[e] = KernelInceptionDistance.cube(c[e], d);
        }
        // a_s(f) += Σ_r membership[r, s]·k(f, r): cross by row [qn × subsets] += c · membership.
        la.products()
            .addKernelByMembership(
                c, qn, pn, real.membership(), ref.length, p0, subsets, cross, q0 * subsets);
      }
    }
    n = to / tile * tile;
  }
}
