package dev.guidelab.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.engine.Point;
import dev.guidelab.ledger.Checkpoint;
import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.ToyMetrics;
import dev.guidelab.models.ModelKind;
import dev.guidelab.models.PinnedModel;
import dev.guidelab.results.SamplePreviews;
import dev.guidelab.sampling.ArrayBatch;
import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import dev.guidelab.work.PointContent;
import dev.guidelab.work.ResolvedSweep;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A toy sweep point's checkpoint (metrics and preview in {@link SweepCheckpoint}'s envelope):
 * resumed, the point reports what an uninterrupted run reports and stores its preview once; a
 * checkpoint of another point or spec, of another sample count, or damaged is not resumed from.
 */
class SweepCheckpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID EXPERIMENT = UUID.randomUUID();
  private static final UUID POINT = UUID.randomUUID();
  private static final int UNITS = 3_000;
  private static final int BATCH = 400;
  private static final List<Metric> METRICS =
      List.of(Metric.LOG_LIKELIHOOD, Metric.BRANCH_TV, Metric.FD, Metric.PRECISION, Metric.REALISM);

  private static Point<ResolvedSweep> point(long seed, String method, Checkpoint checkpoint) {
    PinnedModel oracle =
        new PinnedModel("toy-oracle:A", ModelKind.ORACLE, "sha-A", ToyClass.A, false, null);
    ResolvedSweep spec =
        new ResolvedSweep(
            oracle,
            Map.of(),
            Map.of(),
            null,
            SamplerSettings.defaults(),
            UNITS,
            METRICS,
            null,
            null);
    JsonNode params = JSON.createObjectNode().put("method", method);
    return new Point<>(EXPERIMENT, POINT, 1, seed, UNITS, spec, params, null, checkpoint);
  }

  /** The checkpoints of {@code point}, as its worker takes them. */
  private static SweepCheckpoint checkpoints(Point<ResolvedSweep> point, long maxBytes) {
    String content =
        PointContent.hash(
            JSON, point.resolved(), point.main(), List.of(), point.params(), point.seed());
    return SweepCheckpoint.of(point, content, true, maxBytes);
  }

  private static PointMetrics metrics() {
    return PointMetrics.toy(
        new ToyMetrics(UNITS, METRICS, ToyMetrics.CLASS_A, ToyClass.A, SamplePreviews.SIZE));
  }

  private static Preview preview() {
    return new Preview(SamplePreviews.SIZE);
  }

  private static double[] samples(int from, int count) {
    GaussianMixture a = ToyGroundTruth.get().mixture(ToyClass.A);
    double[] x = new double[2 * count];
    for (int i = 0; i < count; i++) {
      a.drawNoisy(SampleRandom.forSample(1, from + i), 0, x, 2 * i);
    }
    return x;
  }

  /** What a sweep point reports after a batch: its values, and whether the preview was stored. */
  private record Report(int done, Map<String, Double> values, double[] preview) {}

  private static List<Report> run(
      PointMetrics metrics,
      Preview preview,
      int from,
      SweepCheckpoint checkpoints,
      Map<Integer, byte[]> states) {
    List<Report> reports = new ArrayList<>();
    for (int done = from; done < UNITS; ) {
      int count = Math.min(BATCH, UNITS - done);
      double[] batch = samples(done, count);
      metrics.accept(ArrayBatch.of(batch, 2));
      preview.add(batch);
      done += count;
      double[] stored = preview.justFilled() ? preview.samples().clone() : null;
      reports.add(new Report(done, metrics.values(), stored));
      if (checkpoints != null && done < UNITS) {
        states.put(done, checkpoints.take(done, preview, metrics));
      }
    }
    return reports;
  }

  @Test
  void aResumedPointReportsWhatAnUninterruptedOneReportsAndStoresItsPreviewOnce() {
    SweepCheckpoint checkpoints = checkpoints(point(1, "none", null), Long.MAX_VALUE);
    Map<Integer, byte[]> states = new TreeMap<>();
    List<Report> whole = run(metrics(), preview(), 0, checkpoints, states);
    assertEquals(UNITS / BATCH, states.size());

    for (int k : List.of(800, 1200, 2800)) { // before the preview is full, with it stored, late
      Checkpoint checkpoint = new Checkpoint(k, 63L * k, states.get(k));
      SweepCheckpoint resumer = checkpoints(point(1, "none", checkpoint), Long.MAX_VALUE);
      PointMetrics metrics = metrics();
      Preview preview = preview();
      assertTrue(resumer.resume(checkpoint, preview, metrics));
      List<Report> rest = run(metrics, preview, k, null, null);
      List<Report> expected = whole.subList(k / BATCH, whole.size());
      assertEquals(expected.size(), rest.size());
      for (int i = 0; i < rest.size(); i++) {
        assertEquals(expected.get(i).done(), rest.get(i).done());
        // Map equality of Doubles is bit equality.
        assertEquals(expected.get(i).values(), rest.get(i).values(), "at " + rest.get(i).done());
        if (expected.get(i).preview() == null) {
          assertNull(rest.get(i).preview(), "the preview is stored once, at 1,000 samples");
        } else {
          assertArrayEquals(expected.get(i).preview(), rest.get(i).preview());
        }
      }
    }
  }

  @Test
  void aCheckpointOfAnotherContentOrSampleCountOrDamagedIsNotResumedFrom() {
    SweepCheckpoint checkpoints = checkpoints(point(1, "none", null), Long.MAX_VALUE);
    PointMetrics metrics = metrics();
    Preview preview = preview();
    metrics.accept(ArrayBatch.of(samples(0, 800), 2));
    preview.add(samples(0, 800));
    metrics.values();
    byte[] state = checkpoints.take(800, preview, metrics);
    assertNotNull(state);
    Checkpoint good = new Checkpoint(800, 0, state);
    assertTrue(
        checkpoints(point(1, "none", good), Long.MAX_VALUE).resume(good, preview(), metrics()));

    // Another seed, another guidance: another content.
    assertFalse(
        checkpoints(point(2, "none", good), Long.MAX_VALUE).resume(good, preview(), metrics()));
    assertFalse(
        checkpoints(point(1, "cfg", good), Long.MAX_VALUE).resume(good, preview(), metrics()));
    // Another sample count than the state holds; none, or all of the point's.
    for (int done : new int[] {400, 0, UNITS}) {
      Checkpoint other = new Checkpoint(done, 0, state);
      assertFalse(checkpoints.resume(other, preview(), metrics()), "done = " + done);
    }
    // A flipped bit, a truncated state, another envelope version, nothing at all.
    byte[] flipped = state.clone();
    flipped[state.length / 2] ^= 1;
    byte[] version = state.clone();
    version[4]++; // the envelope's version, with a valid checksum
    withCrc(version);
    for (byte[] damaged :
        List.of(flipped, Arrays.copyOf(state, state.length - 1), version, new byte[0])) {
      assertFalse(checkpoints.resume(new Checkpoint(800, 0, damaged), preview(), metrics()));
    }
  }

  /** Recomputes the CRC-32 in the last 4 bytes of {@code state}. */
  private static void withCrc(byte[] state) {
    CRC32 crc = new CRC32();
    crc.update(state, 0, state.length - 4);
    ByteBuffer.wrap(state, state.length - 4, 4).putInt((int) crc.getValue());
  }

  @Test
  void aStateLargerThanTheLimitIsNotTakenNorTriedAgain() {
    SweepCheckpoint checkpoints = checkpoints(point(1, "none", null), 40_000);
    PointMetrics metrics = metrics();
    Preview preview = preview();
    metrics.accept(ArrayBatch.of(samples(0, 400), 2));
    preview.add(samples(0, 400));
    assertNotNull(checkpoints.take(400, preview, metrics), "400 samples fit");
    metrics.accept(ArrayBatch.of(samples(400, 2000), 2));
    preview.add(samples(400, 2000));
    assertNull(checkpoints.take(2400, preview, metrics), "2,400 kept samples and scores do not");
    assertNull(checkpoints.take(2400, preview, metrics));
  }
}
