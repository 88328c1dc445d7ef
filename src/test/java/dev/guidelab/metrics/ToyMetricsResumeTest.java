package dev.guidelab.metrics;

import static dev.guidelab.metrics.Resumption.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.metrics.Resumption.Report;
import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A toy accumulator saved after k batches ({@link ToyMetrics#save}), restored into a fresh one and
 * fed the remaining batches reports every value and standard error after every batch bit for bit as
 * the uninterrupted run, and ends in the same state — with every metric, across the k-NN
 * checkpoints (resumed between two, the last one's values still reported), across the 10,000
 * samples the k-NN metrics keep, with FD∞ and the Top-1 counts.
 */
class ToyMetricsResumeTest {

  private static final List<Metric> ALL = Metric.allowed(Metric.Domain.TOY);
  private static final int PREVIEW = 1000;

  /**
   * Exact A∪B samples (sample k from its own seed), every 97th pushed 4 units out: likelihoods,
   * outliers, far samples, branches and Top-1 classes all vary.
   */
  static double[] samples(long seed, int n) {
    GaussianMixture ab = ToyGroundTruth.get().mixture(ToyClass.AB);
    double[] x = new double[2 * n];
    for (int k = 0; k < n; k++) {
      ab.drawNoisy(SampleRandom.forSample(seed, k), 0, x, 2 * k);
      if (k % 97 == 0) {
        x[2 * k] += 4;
      }
    }
    return x;
  }

  private static ToyMetrics fresh(List<Metric> metrics, long planned) {
    return new ToyMetrics(planned, metrics, ToyMetrics.CLASS_A, ToyClass.A, PREVIEW);
  }

  /**
   * Feeds samples {@code [from, n)} in batches of {@code batch}, reporting after each as a sweep
   * point does (which is also when the k-NN checkpoints are decided), and saving the state after
   * the reports at the sample counts in {@code saveAt}.
   */
  private static List<Report> stream(
      ToyMetrics m,
      double[] x,
      int from,
      int batch,
      Set<Integer> saveAt,
      Map<Integer, byte[]> into) {
    List<Report> reports = new ArrayList<>();
    int n = x.length / 2;
    for (int done = from; done < n; ) {
      int count = Math.min(batch, n - done);
      m.accept(Arrays.copyOfRange(x, 2 * done, 2 * (done + count)));
      done += count;
      reports.add(new Report(m.n(), m.values(), m.standardErrors()));
      if (saveAt.contains(done)) {
        into.put(done, Resumption.bytes(m::save));
      }
    }
    return reports;
  }

  /**
   * Saves an uninterrupted run after each of {@code saveAt}, resumes a fresh accumulator from each
   * state and checks every later report, the per-sample scores and the final state bit for bit.
   */
  private static void resumesBitForBit(List<Metric> metrics, int n, int batch, Set<Integer> saveAt)
      throws IOException {
    double[] x = samples(7, n);
    ToyMetrics whole = fresh(metrics, n);
    Map<Integer, byte[]> states = new TreeMap<>();
    List<Report> expected = stream(whole, x, 0, batch, saveAt, states);
    byte[] end = Resumption.bytes(whole::save);
    assertEquals(saveAt, states.keySet());

    for (Map.Entry<Integer, byte[]> state : states.entrySet()) {
      int k = state.getKey();
      int reported = (k + batch - 1) / batch; // reports up to and with the one at k
      ToyMetrics resumed = fresh(metrics, n);
      Resumption.restore(state.getValue(), resumed::restore);
      assertEquals(k, resumed.n());
      // Asked again at k, the restored accumulator reports what the run reported at k: the k-NN
      // values of the last checkpoint, FD's block estimates recomputed from the same blocks.
      assertSameBits(
          expected.get(reported - 1),
          new Report(resumed.n(), resumed.values(), resumed.standardErrors()));
      List<Report> rest = stream(resumed, x, k, batch, Set.of(), new TreeMap<>());
      assertEquals(expected.size() - reported, rest.size());
      for (int i = 0; i < rest.size(); i++) {
        assertSameBits(expected.get(reported + i), rest.get(i));
      }
      SampleScores a = whole.sampleScores();
      SampleScores b = resumed.sampleScores();
      assertEquals(a.count(), b.count());
      assertSameBits(a.realism(0, a.count()), b.realism(0, b.count()), "realism scores");
      assertSameBits(a.rarity(0, a.count()), b.rarity(0, b.count()), "rarity scores");
      assertArrayEquals(end, Resumption.bytes(resumed::save), "final state, resumed at " + k);
    }
  }

  /**
   * Every metric over 3,500 samples in batches of 700 (all kept), resumed after the first batch, at
   * a k-NN checkpoint (2,100) and between two (2,800: the one at 2,100 is reported until the kept
   * set is complete at 3,500).
   */
  @Test
  void everyMetricResumesBitForBitAcrossTheKnnCheckpoints() throws IOException {
    resumesBitForBit(ALL, 3_500, 700, Set.of(700, 2_100, 2_800));
  }

  /**
   * Past the 10,000 samples the k-NN metrics keep: 12,000 samples in batches of 700, resumed
   * between two checkpoints (2,800), just before the 10,000th sample (9,800), just after (10,500,
   * the batch that crossed it) and before the last batch; every metric but KID and FD∞, which take
   * seconds per report here (100 subsets of 1,000 per checkpoint; 6,841 Fréchet distances) and are
   * covered above.
   */
  @Test
  void theMetricsResumeBitForBitAcrossTheTenThousandKeptSamples() throws IOException {
    List<Metric> cheaper = new ArrayList<>(ALL);
    cheaper.removeAll(List.of(Metric.KID, Metric.FD_INFINITY));
    resumesBitForBit(cheaper, 12_000, 700, Set.of(9_800, 10_500, 11_900));
  }

  /** The default metrics keep no samples but score the preview's first 1,000; resumed anywhere. */
  @Test
  void theDefaultMetricsResumeBitForBitAfterAnyBatch() throws IOException {
    resumesBitForBit(
        Metric.defaults(Metric.Domain.TOY),
        2_500,
        300,
        Set.of(300, 600, 900, 1_200, 1_500, 1_800, 2_100, 2_400));
  }

  /** The state is small: the kept samples and their scores dominate. */
  @Test
  void theStateOfATenThousandSampleRunIsAFewHundredKilobytes() {
    ToyMetrics m = fresh(ALL, 10_000);
    m.accept(samples(3, 10_000));
    int size = Resumption.bytes(m::save).length;
    // kept 10,000 × 2 doubles, realism and rarity 2 × 10,000 doubles, 21 moment blocks.
    assertTrue(size > 4 * 80_000 && size < 4 * 80_000 + 20_000, "state of " + size + " bytes");
  }

  @Test
  void aStateIsRefusedByAnAccumulatorBuiltOtherwiseOrNotFreshOrWhenDamaged() {
    ToyMetrics saved = fresh(ALL, 3000);
    saved.accept(samples(5, 1500));
    saved.values();
    byte[] state = Resumption.bytes(saved::save);

    // Other metrics, another sample plan, another FD reference, a used accumulator.
    assertThrows(
        AccumulatorState.MismatchException.class,
        () -> Resumption.restore(state, fresh(Metric.defaults(Metric.Domain.TOY), 3000)::restore));
    assertThrows(
        AccumulatorState.MismatchException.class,
        () -> Resumption.restore(state, fresh(ALL, 4000)::restore));
    FrechetDistance.Reference other =
        new FrechetDistance.Reference(new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}});
    assertThrows(
        AccumulatorState.MismatchException.class,
        () ->
            Resumption.restore(
                state, new ToyMetrics(3000, ALL, other, ToyClass.A, PREVIEW)::restore));
    ToyMetrics used = fresh(ALL, 3000);
    used.accept(samples(5, 10));
    assertThrows(
        AccumulatorState.MismatchException.class, () -> Resumption.restore(state, used::restore));

    // Another format version, another pipeline's tag, a truncated state.
    byte[] version = state.clone();
    version[1]++;
    assertThrows(
        AccumulatorState.MismatchException.class,
        () -> Resumption.restore(version, fresh(ALL, 3000)::restore));
    byte[] tag = state.clone();
    tag[0] = 'F';
    assertThrows(
        AccumulatorState.MismatchException.class,
        () -> Resumption.restore(tag, fresh(ALL, 3000)::restore));
    byte[] truncated = Arrays.copyOf(state, state.length - 9);
    assertThrows(
        EOFException.class, () -> Resumption.restore(truncated, fresh(ALL, 3000)::restore));
  }
}
