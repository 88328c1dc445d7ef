package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * prdc_rarity_realism.json: k-NN radii, improved P/R, clovaai PRDC, both realism variants and
 * rarity, all exact (the README: no ties, so any correct float64 route gives the same bits).
 */
class KnnMetricsTest {

  private static final JsonNode V = Vectors.load("prdc_rarity_realism.json");
  private static final double[][] REAL = Vectors.matrix(V.get("real"));
  private static final double[][] FAKE = Vectors.matrix(V.get("fake"));

  @Test
  void kthNeighbourRadiiMatchExactly() {
    for (int k : new int[] {3, 5}) {
      JsonNode e = V.get("by_k").get(String.valueOf(k));
      assertArrayEquals(
          Vectors.vector(e.get("real_kth_nn_radius")), NearestNeighbours.radii(REAL, k), 0);
      assertArrayEquals(
          Vectors.vector(e.get("fake_kth_nn_radius")), NearestNeighbours.radii(FAKE, k), 0);
    }
  }

  @Test
  void improvedPrecisionRecallMatchExactly() {
    for (int k : new int[] {3, 5}) {
      JsonNode e = V.get("by_k").get(String.valueOf(k)).get("improved_pr_le");
      PrecisionRecall.Result pr = PrecisionRecall.compute(REAL, FAKE, k);
      assertEquals(e.get("precision").asDouble(), pr.precision(), 0, "k=" + k);
      assertEquals(e.get("recall").asDouble(), pr.recall(), 0, "k=" + k);
    }
  }

  @Test
  void clovaaiPrdcMatchesExactly() {
    for (int k : new int[] {3, 5}) {
      JsonNode e = V.get("by_k").get(String.valueOf(k)).get("prdc_clovaai_strict_lt");
      PrecisionRecall.Result pr =
          PrecisionRecall.compute(REAL, FAKE, k, PrecisionRecall.Membership.STRICT);
      DensityCoverage.Result dc = DensityCoverage.compute(REAL, FAKE, k);
      assertEquals(e.get("precision").asDouble(), pr.precision(), 0, "k=" + k);
      assertEquals(e.get("recall").asDouble(), pr.recall(), 0, "k=" + k);
      assertEquals(e.get("density").asDouble(), dc.density(), 0, "k=" + k);
      assertEquals(e.get("coverage").asDouble(), dc.coverage(), 0, "k=" + k);
    }
  }

  @Test
  void bothRealismVariantsMatchExactly() {
    for (int k : new int[] {3, 5}) {
      JsonNode e = V.get("by_k").get(String.valueOf(k));
      NearestNeighbours.Balls balls = NearestNeighbours.balls(REAL, k);
      assertArrayEquals(
          Vectors.vector(e.get("realism_per_fake_dgm_eval")), Realism.dgmEval(balls, FAKE), 0);
      assertArrayEquals(
          Vectors.vector(e.get("realism_per_fake_original_tf_squared")),
          RealismOriginalTf.scores(balls, FAKE),
          0);
    }
  }

  @Test
  void rarityMatchesExactlyAndIsUndefinedOutsideEveryBall() {
    for (int k : new int[] {3, 5}) {
      JsonNode e = V.get("by_k").get(String.valueOf(k));
      double[] expected = Vectors.vector(e.get("rarity_score_per_fake"));
      boolean[] inBall = Vectors.booleans(e.get("rarity_fake_in_some_real_ball"));
      double[] rarity = Rarity.scores(NearestNeighbours.balls(REAL, k), FAKE);
      int outside = 0;
      for (int g = 0; g < FAKE.length; g++) {
        if (inBall[g]) {
          assertEquals(expected[g], rarity[g], 0, "k=" + k + ", sample " + g);
        } else {
          assertTrue(Double.isNaN(rarity[g]), "k=" + k + ", sample " + g + " is in no ball");
          outside++;
        }
      }
      assertTrue(outside > 0, "the vectors exercise the undefined case");
    }
  }

  @Test
  void allIdenticalSetsGiveZeroUnderStrictAndOneUnderAtMost() {
    JsonNode c = V.get("degenerate_all_identical");
    double[][] real = Vectors.matrix(c.get("real"));
    double[][] fake = Vectors.matrix(c.get("fake"));
    int k = c.get("k").asInt();
    JsonNode strict = c.get("prdc_clovaai_strict_lt");
    PrecisionRecall.Result lt =
        PrecisionRecall.compute(real, fake, k, PrecisionRecall.Membership.STRICT);
    DensityCoverage.Result dc = DensityCoverage.compute(real, fake, k);
    assertEquals(strict.get("precision").asDouble(), lt.precision(), 0);
    assertEquals(strict.get("recall").asDouble(), lt.recall(), 0);
    assertEquals(strict.get("density").asDouble(), dc.density(), 0);
    assertEquals(strict.get("coverage").asDouble(), dc.coverage(), 0);
    PrecisionRecall.Result le = PrecisionRecall.compute(real, fake, k);
    assertEquals(c.get("improved_pr_le").get("precision").asDouble(), le.precision(), 0);
    assertEquals(c.get("improved_pr_le").get("recall").asDouble(), le.recall(), 0);
    assertTrue(Double.isNaN(Rarity.scores(NearestNeighbours.balls(real, k), fake)[0]));
  }

  @Test
  void realEqualToFakeGivesOneEverywhere() {
    JsonNode c = V.get("real_equals_fake");
    int k = c.get("k").asInt();
    JsonNode e = c.get("prdc_clovaai_strict_lt");
    PrecisionRecall.Result pr =
        PrecisionRecall.compute(REAL, REAL, k, PrecisionRecall.Membership.STRICT);
    DensityCoverage.Result dc = DensityCoverage.compute(REAL, REAL, k);
    assertEquals(e.get("precision").asDouble(), pr.precision(), 0);
    assertEquals(e.get("recall").asDouble(), pr.recall(), 0);
    assertEquals(e.get("density").asDouble(), dc.density(), 0);
    assertEquals(e.get("coverage").asDouble(), dc.coverage(), 0);
  }

  @Test
  void blockedRadiiEqualBruteForceAcrossBlockBoundaries() {
    // More points than one parallel block, so several blocks and partial last block are exercised.
    SplittableRandom rng = new SplittableRandom(7);
    double[][] x = new double[3 * NearestNeighbours.BLOCK + 5][2];
    for (double[] row : x) {
      row[0] = rng.nextDouble();
      row[1] = rng.nextDouble();
    }
    double[] r = NearestNeighbours.radii(x, 4);
    for (int i = 0; i < x.length; i++) {
      double[] d = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        d[j] = Math.sqrt(NearestNeighbours.squaredDistance(x[i], x[j]));
      }
      java.util.Arrays.sort(d);
      assertEquals(d[4], r[i], 0, "point " + i);
    }
  }

  /** Both BLAS routes (native OpenBLAS when installed, and pure Java) for the dgemm screening. */
  private static final LinearAlgebra[] ROUTES = {LinearAlgebra.best(), LinearAlgebra.pureJava()};

  @Test
  void dgemmScreenedRadiiAndPrecisionRecallMatchTheVectorsExactly() {
    for (LinearAlgebra la : ROUTES) {
      for (int k : new int[] {3, 5}) {
        JsonNode e = V.get("by_k").get(String.valueOf(k));
        double[] real2 = NearestNeighbours.squaredRadii(REAL, k, la);
        double[] fake2 = NearestNeighbours.squaredRadii(FAKE, k, la);
        assertArrayEquals(
            Vectors.vector(e.get("real_kth_nn_radius")), sqrt(real2), 0, la.describe());
        assertArrayEquals(
            Vectors.vector(e.get("fake_kth_nn_radius")), sqrt(fake2), 0, la.describe());
        NearestNeighbours.Balls rb = new NearestNeighbours.Balls(REAL, real2, k);
        NearestNeighbours.Balls fb = new NearestNeighbours.Balls(FAKE, fake2, k);
        JsonNode le = e.get("improved_pr_le");
        JsonNode lt = e.get("prdc_clovaai_strict_lt");
        assertEquals(
            le.get("precision").asDouble(), PrecisionRecall.insideShare(FAKE, rb, false, la), 0);
        assertEquals(
            le.get("recall").asDouble(), PrecisionRecall.insideShare(REAL, fb, false, la), 0);
        assertEquals(
            lt.get("precision").asDouble(), PrecisionRecall.insideShare(FAKE, rb, true, la), 0);
        assertEquals(
            lt.get("recall").asDouble(), PrecisionRecall.insideShare(REAL, fb, true, la), 0);
      }
    }
  }

  @Test
  void dgemmScreeningGivesTheDirectBitsAtHighDimensionWithDuplicatesAndSeveralTiles() {
    // N > TILE (several blocks and a partial one), d = 64, some exact duplicates (ties at r = 0
    // and at the radius itself) and a shifted fake set so that P/R are strictly between 0 and 1.
    SplittableRandom rng = new SplittableRandom(21);
    int n = NearestNeighbours.TILE + 77;
    double[][] real = KernelInceptionDistanceTest.gaussian(rng, n, 64, 0);
    double[][] fake = KernelInceptionDistanceTest.gaussian(rng, n - 40, 64, 0.15);
    for (int i = 0; i < 30; i++) {
      real[n - 1 - i] = real[i].clone();
      fake[i] = real[2 * i].clone();
    }
    for (int k : new int[] {1, 3}) {
      double[] directReal = NearestNeighbours.squaredRadii(real, k, null);
      double[] directFake = NearestNeighbours.squaredRadii(fake, k, null);
      NearestNeighbours.Balls rb = new NearestNeighbours.Balls(real, directReal, k);
      NearestNeighbours.Balls fb = new NearestNeighbours.Balls(fake, directFake, k);
      for (LinearAlgebra la : ROUTES) {
        assertArrayEquals(directReal, NearestNeighbours.squaredRadii(real, k, la), 0);
        assertArrayEquals(directFake, NearestNeighbours.squaredRadii(fake, k, la), 0);
        for (boolean strict : new boolean[] {false, true}) {
          double p = PrecisionRecall.insideShare(fake, rb, strict, null);
          double r = PrecisionRecall.insideShare(real, fb, strict, null);
          assertTrue(p > 0 && p < 1 && r > 0 && r < 1, p + " " + r);
          assertEquals(p, PrecisionRecall.insideShare(fake, rb, strict, la), 0, la.describe());
          assertEquals(r, PrecisionRecall.insideShare(real, fb, strict, la), 0, la.describe());
        }
        DensityCoverage.Result direct = DensityCoverage.of(rb, fake, null);
        assertTrue(direct.coverage() > 0 && direct.coverage() < 1, direct.toString());
        assertEquals(direct, DensityCoverage.of(rb, fake, la), la.describe());
      }
    }
  }

  @Test
  void dgemmScreenedRealismAndRarityGiveTheDirectBitsWithZeroRadiiAndSamplesOnCentres() {
    for (LinearAlgebra la : ROUTES) {
      for (int k : new int[] {3, 5}) {
        NearestNeighbours.Balls balls = NearestNeighbours.balls(REAL, k);
        double[][] scores = ScoreScan.scores(balls, FAKE, la);
        assertSameBits(Realism.dgmEval(balls, FAKE), scores[0]);
        assertSameBits(Rarity.scores(balls, FAKE), scores[1]);
      }
    }
    // d = 64, several tiles; four copies of some reference points (r_3 = 0, so 0/0 ratios for
    // samples on them), samples exactly on reference points (distance 0, infinite realism) and
    // near-ties at the radius.
    SplittableRandom rng = new SplittableRandom(23);
    int n = NearestNeighbours.TILE + 50;
    double[][] real = KernelInceptionDistanceTest.gaussian(rng, n, 64, 0);
    double[][] fake = KernelInceptionDistanceTest.gaussian(rng, n - 100, 64, 0.1);
    for (int i = 0; i < 10; i++) {
      for (int copy = 1; copy <= 3; copy++) {
        real[n - 3 * i - copy] = real[i].clone();
      }
      fake[i] = real[i].clone();
      fake[20 + i] = real[40 + i].clone();
    }
    NearestNeighbours.Balls balls = NearestNeighbours.balls(real, 3);
    for (LinearAlgebra la : ROUTES) {
      double[][] scores = ScoreScan.scores(balls, fake, la);
      assertSameBits(Realism.dgmEval(balls, fake), scores[0]);
      assertSameBits(Rarity.scores(balls, fake), scores[1]);
    }
  }

  private static void assertSameBits(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]), "row " + i);
    }
  }

  private static double[] sqrt(double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Math.sqrt(x[i]);
    }
    return r;
  }
}
