package dev.guidelab.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.content.Hashes;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.features.Features;
import dev.guidelab.features.Fixtures;
import dev.guidelab.features.Images;
import dev.guidelab.metrics.FeatureSpaceMetrics;
import dev.guidelab.metrics.FrechetDistance;
import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.MomentAccumulator;
import dev.guidelab.metrics.ReferenceSet;
import dev.guidelab.metrics.Top1Histograms;
import dev.guidelab.metrics.TopN;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.models.ImageShape;
import dev.guidelab.results.TypicalImages;
import dev.guidelab.sampling.ArrayBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An image point's metrics (the fixture's 64-D feature network with its two-class head) saved after
 * some batches and restored into fresh ones report what an uninterrupted run reports, bit for bit,
 * with the same Top-1 histogram and the same most and least typical images.
 */
class ImageFeatureMetricsResumeTest {

  private static final ImageShape SHAPE = ImageFixtures.SHAPE;
  private static final int SAMPLES = 600;
  private static final int BATCH = 100;
  private static final List<Metric> METRICS =
      List.of(
          Metric.TOP1_TV,
          Metric.FD,
          Metric.FD_DEBIASED,
          Metric.PRECISION,
          Metric.REALISM,
          Metric.RARITY);

  private static FeatureNetwork network;
  private static FrechetDistance.Reference reference;
  private static ReferenceSet referenceSet;
  private static long[] referenceTop1;

  @BeforeAll
  static void load() {
    byte[] file = ImageFixtures.file(ImageFixtures.CLASSIFIER);
    network =
        FeatureNetwork.load(
            file,
            Hashes.sha256(file),
            FeatureContract.uint8Images(
                "classifier", 3, FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES, 64, 2));
    Images.Uint8 images = images(99, 0, 300);
    Features features = network.extract(images);
    MomentAccumulator moments = new MomentAccumulator();
    moments.accept(features.values(), features.dim());
    reference = new FrechetDistance.Reference(moments.mean(), moments.covariance());
    double[][] rows = new double[features.n()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = features.row(i);
    }
    referenceSet = new ReferenceSet(rows);
    referenceTop1 = new long[2];
    TopN.addTop1(network.logits(images), referenceTop1);
  }

  @AfterAll
  static void close() {
    network.close();
  }

  /** Samples {@code [from, from + n)} of a run: pixels in [−1.2, 1.2], sample k from (seed, k). */
  private static double[] samples(long seed, int from, int n) {
    int dim = SHAPE.dim();
    double[] x = new double[n * dim];
    for (int i = 0; i < n; i++) {
      SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + from + i);
      double level = rng.nextDouble(-0.8, 0.8);
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] = level + rng.nextDouble(-0.4, 0.4);
      }
    }
    return x;
  }

  private static Images.Uint8 images(long seed, int from, int n) {
    return Fixtures.quantised(samples(seed, from, n), 3, 16, 16);
  }

  private static ImageFeatureMetrics fresh() {
    return new ImageFeatureMetrics(
        SHAPE,
        network,
        new FeatureSpaceMetrics(SAMPLES, METRICS, reference, () -> referenceSet, referenceTop1),
        new TypicalImageTracker());
  }

  private record Report(
      Map<String, Double> values, Map<String, Double> stderr, Top1Histograms top1) {}

  /** Feeds the batch of samples {@code [done, done + BATCH)} and reports, as a sweep point does. */
  private static Report step(ImageFeatureMetrics metrics, int done) {
    metrics.accept(ArrayBatch.of(samples(1, done, BATCH), SHAPE.dim()));
    return new Report(metrics.values(), metrics.standardErrors(), metrics.top1().orElseThrow());
  }

  private static byte[] state(PointMetrics metrics) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    metrics.save(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  @Test
  void restoredImageMetricsReportBitForBitWithTheSameTypicalImages() throws IOException {
    UUID point = UUID.randomUUID();
    ImageFeatureMetrics whole = fresh();
    List<Report> expected = new ArrayList<>();
    List<byte[]> states = new ArrayList<>();
    for (int done = 0; done < SAMPLES; done += BATCH) {
      expected.add(step(whole, done));
      states.add(state(whole));
    }
    TypicalImages typical = whole.typicalImages(point).orElseThrow();
    assertTrue(typical.most().size() > 0, "some samples have a realism score");

    for (int batches : new int[] {1, 3, 5}) {
      ImageFeatureMetrics resumed = fresh();
      resumed.restore(new DataInputStream(new ByteArrayInputStream(states.get(batches - 1))));
      for (int b = batches; b < SAMPLES / BATCH; b++) {
        Report e = expected.get(b);
        Report r = step(resumed, b * BATCH);
        // Map equality of Doubles is bit equality.
        assertEquals(e.values(), r.values(), "values after batch " + (b + 1));
        assertEquals(e.stderr(), r.stderr(), "errors after batch " + (b + 1));
        assertEquals(Arrays.toString(e.top1().generated()), Arrays.toString(r.top1().generated()));
      }
      assertEquals(typical, resumed.typicalImages(point).orElseThrow(), "resumed after " + batches);
    }
  }
}
