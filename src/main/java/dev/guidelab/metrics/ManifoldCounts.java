package dev.guidelab.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Improved precision/recall ({@link PrecisionRecall}, k = 3, {@code ≤}) and density/coverage
 * ({@link DensityCoverage}, k = 5, {@code <}) of a growing generated set against a reference, kept
 * as per-sample summaries so that a checkpoint costs in proportion to the samples new since the
 * last one — one dgemm pass of the new rows against the reference — whatever the set's size:
 *
 * <ul>
 *   <li>precision and density: whether each sample lies in a real k = 3 ball and in how many real k
 *       = 5 balls — the real balls are fixed, so a sample's answer never changes (counted once);
 *   <li>coverage: whether each real k = 5 ball holds a sample — it can only become true;
 *   <li>recall: per real point a <em>witness</em>, a sample whose k = 3 ball ({@link KnnLists} of
 *       the generated set) holds it, with their exact squared distance. Generated balls only shrink
 *       as the set grows, so a real point in no ball stays out of the old ones (only the new rows
 *       are tested), and one whose witness still holds it stays in; a point whose witness's ball
 *       shrank past it is tested again against the old rows (few: a ball shrinks by a factor ≈
 *       (n₁/n₂)^(1/d) per checkpoint).
 * </ul>
 *
 * Pairs are screened by their dgemm estimate and decided by the exact distance within {@link
 * NearestNeighbours#screeningTolerance} of a radius, so every count is the one of the direct scan.
 * Memory: a boolean and an int per sample, a boolean, an int and a double per real point. Not saved
 * with a run's state: a restored run rebuilds them from its kept samples at its next checkpoint,
 * with the same counts (the witnesses may differ; what they witness does not).
 */
final class ManifoldCounts {

  private final NearestNeighbours.Balls real3; // k = 3, precision/recall
  private final NearestNeighbours.Balls real5; // k = 5, density/coverage
  private final LinearAlgebra la;
  private final double[] realNorms;
  private final boolean[] covered; // [N_r]
  private final int[] witness; // [N_r], a sample whose k = 3 ball holds the point, or −1
  private final double[] witnessD2; // [N_r], its exact squared distance
  private int n;
  private long inside; // samples in some real k = 3 ball
  private long densityTotal; // Σ over samples of the real k = 5 balls holding them

  ManifoldCounts(ReferenceSet reference, LinearAlgebra la) {
    this.real3 = reference.precisionRecallBalls();
    this.real5 = reference.densityCoverageBalls();
    this.la = la;
    int nr = reference.size();
    this.realNorms = NearestNeighbours.squaredNorms(reference.samples());
    this.covered = new boolean[nr];
    this.witness = new int[nr];
    Arrays.fill(witness, -1);
    this.witnessD2 = new double[nr];
  }

  /**
   * Grows the generated set to rows {@code [0, to)} of {@code fake}, whose k = 3 squared radii at
   * that size are {@code fakeR2}, {@code [to]}.
   */
  void grow(double[][] fake, int to, double[] fakeR2) {
    int n1 = n;
    double[][] ref = real3.centres();
    // Witnesses whose balls shrank past their point: test those points again, old rows included.
    int[] lost = new int[ref.length];
    int lostCount = 0;
    for (int r = 0; r < ref.length; r++) {
      if (witness[r] >= 0 && witnessD2[r] > fakeR2[witness[r]]) {
        witness[r] = -1;
        lost[lostCount++] = r;
      }
    }
    int[] all = new int[ref.length];
    Arrays.setAll(all, r -> r);
    scan(fake, n1, to, all, ref.length, fakeR2, true);
    int[] open = new int[lostCount];
    int openCount = 0;
    for (int e = 0; e < lostCount; e++) {
      if (witness[lost[e]] < 0) {
        open[openCount++] = lost[e];
      }
    }
    scan(fake, 0, n1, open, openCount, fakeR2, false);
    n = to;
  }

  /**
   * Tests samples {@code [g0, g1)} against real points {@code rows[0, count)}: recall witnesses,
   * and with {@code counting} (new samples against every real point) precision, density, coverage.
   */
  private void scan(
      double[][] fake, int g0, int g1, int[] rows, int count, double[] fakeR2, boolean counting) {
    if (g1 <= g0 || count == 0) {
      return;
    }
    double[][] ref = real3.centres();
    double[] r3 = real3.squaredRadii();
    double[] r5 = real5.squaredRadii();
    int d = ref[0].length;
    int tile = NearestNeighbours.TILE;
    double tol = NearestNeighbours.screeningTolerance(d);
    double[][] gChunks = NearestNeighbours.packChunks(Arrays.copyOfRange(fake, g0, g1), d);
    double[] gNorms = NearestNeighbours.squaredNorms(Arrays.copyOfRange(fake, g0, g1));
    double[] packed = new double[Math.min(tile, count) * d];
    double[] c = new double[tile * tile];
    boolean[] in3 = new boolean[g1 - g0];
    LongAdder density = new LongAdder();
    for (int rb = 0; rb * tile < count; rb++) {
      int r0 = rb * tile;
      int rn = Math.min(tile, count - r0);
      LinearAlgebra.pack(ref, rows, r0, r0 + rn, d, packed);
      for (int gb = 0; gb < gChunks.length; gb++) {
        int q0 = gb * tile;
        int qn = Math.min(tile, g1 - g0 - q0);
        la.products().innerProducts(gChunks[gb], qn, packed, rn, d, c);
        // Each part decides its own real points (their coverage and witness, in the samples'
        // order); a sample's precision flag is only ever set to true, by any part.
        NearestNeighbours.inParts(
            rn,
            (from, to) -> {
              long held = 0;
              for (int jj = from; jj < to; jj++) {
                int r = rows[r0 + jj];
                double nr = realNorms[r];
                for (int ii = 0; ii < qn; ii++) {
                  int g = g0 + q0 + ii;
                  double ng = gNorms[q0 + ii];
                  double estimate = ng + nr - 2 * c[ii + jj * qn];
                  double bound = tol * (ng + nr);
                  if (counting) {
                    if (!in3[g - g0] && within(estimate, bound, r3[r], false, fake[g], ref[r])) {
                      in3[g - g0] = true;
                    }
                    if (within(estimate, bound, r5[r], true, fake[g], ref[r])) {
                      held++;
                      covered[r] = true;
                    }
                  }
                  if (witness[r] < 0
                      && within(estimate, bound, fakeR2[g], false, fake[g], ref[r])) {
                    witness[r] = g;
                    witnessD2[r] = NearestNeighbours.squaredDistance(fake[g], ref[r]);
                  }
                }
              }
              density.add(held);
            });
      }
    }
    densityTotal += density.sum();
    for (boolean b : in3) {
      inside += b ? 1 : 0;
    }
  }

  /**
   * {@code ‖x − y‖² ≤ r2} ({@code <} if strict), from the dgemm estimate when it is farther than
   * {@code bound} from r2, else from the exact distance.
   */
  private static boolean within(
      double estimate, double bound, double r2, boolean strict, double[] x, double[] y) {
    if (estimate + bound < r2) {
      return true;
    }
    if (estimate - bound > r2) {
      return false;
    }
    double d2 = NearestNeighbours.squaredDistance(x, y);
    return d2 < r2 || (!strict && d2 == r2);
  }

  /** Precision and recall of the samples so far. */
  PrecisionRecall.Result precisionRecall() {
    int held = 0;
    for (int w : witness) {
      held += w >= 0 ? 1 : 0;
    }
    return new PrecisionRecall.Result((double) inside / n, (double) held / witness.length);
  }

  /** Density and coverage of the samples so far, in clovaai's order of operations. */
  DensityCoverage.Result densityCoverage() {
    int hit = 0;
    for (boolean b : covered) {
      hit += b ? 1 : 0;
    }
    return new DensityCoverage.Result(
        (1.0 / real5.k()) * ((double) densityTotal / n), (double) hit / covered.length);
  }
}
