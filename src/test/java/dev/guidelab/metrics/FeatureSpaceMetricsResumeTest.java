package dev.guidelab.metrics;

import static dev.guidelab.metrics.Resumption.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.metrics.Resumption.Report;
import dev.guidelab.toy.ToyClass;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Feature-space metrics saved after k batches ({@link FeatureSpaceMetrics#save}), restored into
 * fresh ones and fed the remaining batches report every value and standard error after every batch
 * bit for bit as the uninterrupted run, and end in the same state: the FD blocks (with the
 * jackknife and FD∞ at the planned end), the kept features across the k-NN checkpoints and the
 * 10,000 kept, their scores and the Top-1 histogram — with the per-sample summaries of the k-NN and
 * KID checkpoints, which are not saved, rebuilt from the kept features. Features are float32
 * widened, as a network's are, and kept as float32 in the state.
 */
class FeatureSpaceMetricsResumeTest {

  /**
   * From {@link NearestNeighbours#GEMM_MIN_DIM} on: the checkpoint summaries a restore rebuilds.
   */
  private static final int D = 24;

  private static final int REFERENCE = 1000;

  /**
   * Features ~ N(0.1·1, diag(1..D)) rounded to float32, {@code [n, D]}; sample k from (seed, k).
   */
  private static double[] features(long seed, int n) {
    double[] x = new double[n * D];
    for (int i = 0; i < n; i++) {
      SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + i);
      for (int j = 0; j < D; j++) {
        double z =
            Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
                * Math.cos(2 * Math.PI * rng.nextDouble());
        x[i * D + j] = (float) (0.1 + Math.sqrt(j + 1) * z);
      }
    }
    return x;
  }

  private static ReferenceSet referenceSet() {
    double[] x = features(99, REFERENCE);
    double[][] rows = new double[REFERENCE][];
    for (int i = 0; i < REFERENCE; i++) {
      rows[i] = Arrays.copyOfRange(x, i * D, (i + 1) * D);
    }
    return new ReferenceSet(rows);
  }

  private static FrechetDistance.Reference exact() {
    double[][] sigma = new double[D][D];
    for (int j = 0; j < D; j++) {
      sigma[j][j] = j + 1;
    }
    return new FrechetDistance.Reference(new double[D], sigma);
  }

  /** A three-class head: the arg-max of (x₀, x₁, −x₀). */
  private static double[] logits(double[] x) {
    int m = x.length / D;
    double[] z = new double[3 * m];
    for (int i = 0; i < m; i++) {
      z[3 * i] = x[i * D];
      z[3 * i + 1] = x[i * D + 1];
      z[3 * i + 2] = -x[i * D];
    }
    return z;
  }

  private static FeatureSpaceMetrics fresh(List<Metric> metrics, long planned) {
    long[] referenceTop1 = new long[3];
    TopN.addTop1(logits(features(98, REFERENCE)), referenceTop1);
    return new FeatureSpaceMetrics(
        planned, metrics, exact(), FeatureSpaceMetricsResumeTest::referenceSet, referenceTop1);
  }

  private static List<Report> stream(
      FeatureSpaceMetrics m,
      double[] x,
      int from,
      int batch,
      Set<Integer> saveAt,
      Map<Integer, byte[]> into) {
    List<Report> reports = new ArrayList<>();
    int n = x.length / D;
    for (int done = from; done < n; ) {
      int count = Math.min(batch, n - done);
      double[] features = Arrays.copyOfRange(x, D * done, D * (done + count));
      m.accept(features, D);
      if (m.top1Wanted()) {
        m.acceptLogits(logits(features));
      }
      done += count;
      reports.add(new Report(m.n(), m.values(), m.standardErrors()));
      if (saveAt.contains(done)) {
        into.put(done, Resumption.bytes(m::save));
      }
    }
    return reports;
  }

  private static void resumesBitForBit(List<Metric> metrics, int n, int batch, Set<Integer> saveAt)
      throws IOException {
    double[] x = features(7, n);
    FeatureSpaceMetrics whole = fresh(metrics, n);
    Map<Integer, byte[]> states = new TreeMap<>();
    List<Report> expected = stream(whole, x, 0, batch, saveAt, states);
    byte[] end = Resumption.bytes(whole::save);
    assertEquals(saveAt, states.keySet());

    for (Map.Entry<Integer, byte[]> state : states.entrySet()) {
      int k = state.getKey();
      int reported = (k + batch - 1) / batch;
      FeatureSpaceMetrics resumed = fresh(metrics, n);
      Resumption.restore(state.getValue(), resumed::restore);
      assertEquals(k, resumed.n());
      assertSameBits(
          expected.get(reported - 1),
          new Report(resumed.n(), resumed.values(), resumed.standardErrors()));
      List<Report> rest = stream(resumed, x, k, batch, Set.of(), new TreeMap<>());
      assertEquals(expected.size() - reported, rest.size());
      for (int i = 0; i < rest.size(); i++) {
        assertSameBits(expected.get(reported + i), rest.get(i));
      }
      assertEquals(
          whole.top1().map(Top1Histograms::generated).map(Arrays::toString),
          resumed.top1().map(Top1Histograms::generated).map(Arrays::toString));
      SampleScores a = whole.sampleScores();
      SampleScores b = resumed.sampleScores();
      assertEquals(a.count(), b.count());
      assertSameBits(a.realism(0, a.count()), b.realism(0, b.count()), "realism scores");
      assertSameBits(a.rarity(0, a.count()), b.rarity(0, b.count()), "rarity scores");
      assertArrayEquals(end, Resumption.bytes(resumed::save), "final state, resumed at " + k);
    }
  }

  /**
   * Every image metric over 3,000 samples in batches of 700: resumed after the first batch (the
   * first k-NN checkpoint) and between the last checkpoint (2,100) and the planned end (2,800),
   * where the jackknife and FD∞ are computed once.
   */
  @Test
  void everyImageMetricResumesBitForBitAcrossTheKnnCheckpointsAndThePlannedEnd()
      throws IOException {
    resumesBitForBit(Metric.allowed(Metric.Domain.IMAGE), 3_000, 700, Set.of(700, 2_800));
  }

  /**
   * Past the 10,000 kept features: 10,800 samples in batches of 700, resumed just before the
   * 10,000th (9,800) and just after (10,500), with the metrics of the kept features that cost least
   * (realism and rarity) besides FD and Top-1.
   */
  @Test
  void theMetricsResumeBitForBitAcrossTheTenThousandKeptFeatures() throws IOException {
    resumesBitForBit(
        List.of(Metric.TOP1_TV, Metric.FD, Metric.FD_DEBIASED, Metric.REALISM, Metric.RARITY),
        10_800,
        700,
        Set.of(9_800, 10_500));
  }

  /** Widened float32 features are kept as float32: half the bytes of doubles, the same bits. */
  @Test
  void keptFeaturesAreStoredAsFloat32() {
    FeatureSpaceMetrics m = fresh(List.of(Metric.FD, Metric.PRECISION), 3_000);
    m.accept(features(3, 3_000), D);
    int size = Resumption.bytes(m::save).length;
    int keptAsFloats = 3_000 * D * Float.BYTES;
    int blocks = 21 * (2 * D + D * (D + 1) / 2) * Double.BYTES; // at most, with row headers aside
    int waiting = FdBlocks.BLOCKS * (MomentAccumulator.CHUNK - 1) * D * Float.BYTES; // at most
    assertTrue(
        size > keptAsFloats && size < keptAsFloats + blocks + waiting + 4_000, size + " bytes");
  }

  @Test
  void aStateIsRefusedByMetricsBuiltOtherwise() {
    List<Metric> metrics = List.of(Metric.TOP1_TV, Metric.FD, Metric.REALISM);
    FeatureSpaceMetrics saved = fresh(metrics, 2_000);
    double[] x = features(5, 1_000);
    saved.accept(x, D);
    saved.acceptLogits(logits(x));
    byte[] state = Resumption.bytes(saved::save);

    assertThrows(
        AccumulatorState.MismatchException.class,
        () -> Resumption.restore(state, fresh(List.of(Metric.FD, Metric.REALISM), 2_000)::restore));
    assertThrows(
        AccumulatorState.MismatchException.class,
        () -> Resumption.restore(state, fresh(metrics, 3_000)::restore));
    long[] otherTop1 = {1, 2, 3};
    assertThrows(
        AccumulatorState.MismatchException.class,
        () ->
            Resumption.restore(
                state,
                new FeatureSpaceMetrics(
                        2_000,
                        metrics,
                        exact(),
                        FeatureSpaceMetricsResumeTest::referenceSet,
                        otherTop1)
                    ::restore));
    // A toy state is not a feature-space state.
    ToyMetrics toy = new ToyMetrics(100, List.of(Metric.FD), ToyMetrics.CLASS_A, ToyClass.A);
    byte[] toyState = Resumption.bytes(toy::save);
    assertThrows(
        AccumulatorState.MismatchException.class,
        () -> Resumption.restore(toyState, fresh(metrics, 2_000)::restore));
  }
}
