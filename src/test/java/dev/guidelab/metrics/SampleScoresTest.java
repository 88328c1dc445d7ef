package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.guidelab.metrics.Metric.Domain;
import dev.guidelab.toy.ToyClass;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Per-sample realism and rarity are scored once per sample as the samples stream in, exactly as
 * scoring them all at once would, and the pipelines' aggregates, previews and typical images read
 * the same scores.
 */
class SampleScoresTest {

  private static final int D = 2;

  private static double[][] rows(double[] x) {
    double[][] rows = new double[x.length / D][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(x, i * D, (i + 1) * D);
    }
    return rows;
  }

  @Test
  void streamedScoresAreThoseOfAllSamplesAtOnceUpToTheCapacity() {
    SplittableRandom rng = new SplittableRandom(5);
    double[][] reference = new double[400][];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
    }
    double[] x = new double[300 * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1.4 * rng.nextDouble() - 0.2; // some outside every ball
    }
    int[] asked = {0};
    SampleScores scores =
        new SampleScores(
            250,
            () -> {
              asked[0]++;
              return new ReferenceSet(reference);
            });
    int from = 0;
    for (int m : new int[] {1, 99, 0, 120, 80}) { // the last batch crosses the capacity
      scores.accept(Arrays.copyOfRange(x, from * D, (from + m) * D), D);
      from += m;
      assertEquals(Math.min(from, 250), scores.count());
    }
    NearestNeighbours.Balls balls = NearestNeighbours.balls(reference, PrecisionRecall.DEFAULT_K);
    double[][] first = Arrays.copyOf(rows(x), 250);
    assertArrayEquals(Realism.dgmEval(balls, first), scores.realism(0, 250), 0);
    assertArrayEquals(Rarity.scores(balls, first), scores.rarity(0, 250), 0);
    assertEquals(scores.realism(0, 250)[17], scores.realism(17), 0);
    assertEquals(1, asked[0], "the reference is fetched once");
    assertThrows(IndexOutOfBoundsException.class, () -> scores.realism(250));

    SampleScores merged = new SampleScores(250, () -> new ReferenceSet(reference));
    SampleScores tail = new SampleScores(250, () -> new ReferenceSet(reference));
    merged.accept(Arrays.copyOf(x, 100 * D), D);
    tail.accept(Arrays.copyOfRange(x, 100 * D, x.length), D);
    merged.merge(tail);
    assertArrayEquals(scores.realism(0, 250), merged.realism(0, 250), 0);
    assertArrayEquals(scores.rarity(0, 250), merged.rarity(0, 250), 0);
  }

  @Test
  void theToyScoresItsPreviewOnceAndItsRealismMetricFromTheSameScores() {
    double[] x = ToyMetricsTest.exactSamples(41, 2500);
    NearestNeighbours.Balls balls = ToyReferenceSamples.get().precisionRecallBalls();
    // Default metrics, a preview of 1000: the preview's samples are scored, no more.
    ToyMetrics preview =
        new ToyMetrics(2500, Metric.defaults(Domain.TOY), ToyMetrics.CLASS_A, ToyClass.A, 1000);
    preview.accept(Arrays.copyOf(x, 700 * D));
    preview.accept(Arrays.copyOfRange(x, 700 * D, x.length));
    double[][] first = Arrays.copyOf(rows(x), 1000);
    assertEquals(1000, preview.sampleScores().count());
    assertArrayEquals(Realism.dgmEval(balls, first), preview.sampleScores().realism(0, 1000), 0);
    assertArrayEquals(Rarity.scores(balls, first), preview.sampleScores().rarity(0, 1000), 0);
    // Asking for realism scores every kept sample, and the metric is their median.
    ToyMetrics realism =
        new ToyMetrics(2500, List.of(Metric.REALISM), ToyMetrics.CLASS_A, ToyClass.A, 1000);
    realism.accept(x);
    assertEquals(2500, realism.sampleScores().count());
    assertArrayEquals(
        preview.sampleScores().realism(0, 1000), realism.sampleScores().realism(0, 1000), 0);
    assertEquals(
        NeighbourMetrics.medianWithError(realism.sampleScores().realism(0, 2500))[0],
        realism.values().get(Metric.REALISM),
        0);
    ToyMetrics none =
        new ToyMetrics(2500, Metric.defaults(Domain.TOY), ToyMetrics.CLASS_A, ToyClass.A);
    assertEquals(0, none.sampleScores().capacity(), "nothing asks for scores");
  }

  @Test
  void featureSpacesScoreTheKeptSamplesOnlyWhenRealismOrRarityIsAsked() {
    SplittableRandom rng = new SplittableRandom(9);
    double[][] reference = new double[100][];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
    }
    double[] x = new double[120 * D];
    Arrays.setAll(x, i -> rng.nextDouble());
    FrechetDistance.Reference moments =
        new FrechetDistance.Reference(new double[D], new double[][] {{1, 0}, {0, 1}});
    FeatureSpaceMetrics rarity =
        new FeatureSpaceMetrics(
            120, List.of(Metric.RARITY), moments, () -> new ReferenceSet(reference), null);
    FeatureSpaceMetrics precision =
        new FeatureSpaceMetrics(
            120, List.of(Metric.PRECISION), moments, () -> new ReferenceSet(reference), null);
    rarity.accept(x, D);
    precision.accept(x, D);
    assertEquals(120, rarity.sampleScores().count());
    assertEquals(0, precision.sampleScores().capacity());
    assertEquals(
        NeighbourMetrics.meanOfDefined(rarity.sampleScores().rarity(0, 120))[0],
        rarity.values().get(Metric.RARITY),
        0);
  }
}
