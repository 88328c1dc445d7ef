package dev.guidelab.worker;

import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.MetricClock;
import dev.guidelab.metrics.SampleScores;
import dev.guidelab.metrics.Top1Histograms;
import dev.guidelab.metrics.ToyMetrics;
import dev.guidelab.results.TypicalImages;
import dev.guidelab.sampling.Batch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a point accumulates from its samples, batch by batch (docs/metrics.md): the toy's metrics of
 * the raw 2-D samples, or the feature-space metrics in a feature network's space ({@link
 * ImageFeatureMetrics}). Values and standard errors are keyed by metric name, NaN where undefined.
 */
interface PointMetrics {

  /**
   * Adds the next samples of the run, {@code [m, dim]}, where the sampler left them (an image
   * point's on the device).
   */
  void accept(Batch samples);

  /** The values so far, telling {@code clock} how long each metric took to evaluate. */
  Map<String, Double> values(MetricClock clock);

  /** The standard errors so far, telling {@code clock} how long each took to evaluate. */
  Map<String, Double> standardErrors(MetricClock clock);

  default Map<String, Double> values() {
    return values(MetricClock.NONE);
  }

  default Map<String, Double> standardErrors() {
    return standardErrors(MetricClock.NONE);
  }

  /** Whether the samples are the toy's 2-D points, whose first ones are kept as a preview. */
  boolean toy();

  /** An image point's most and least typical images so far, if it tracks them. */
  default Optional<TypicalImages> typicalImages(UUID pointId) {
    return Optional.empty();
  }

  /** The Top-1 class histograms so far, if the point asks for {@code top1_tv} of images. */
  default Optional<Top1Histograms> top1() {
    return Optional.empty();
  }

  /**
   * The per-sample realism and rarity of the first samples, if the point keeps them: a toy point's
   * preview reads the scores its metrics computed, rather than scoring the samples again.
   */
  default Optional<SampleScores> sampleScores() {
    return Optional.empty();
  }

  /** Writes the exact state of everything accumulated so far ({@code AccumulatorState}). */
  void save(DataOutput out) throws IOException;

  /**
   * Restores what {@link #save} wrote into these metrics, which must be fresh and built for the
   * same point; on an exception they are unusable (build fresh ones).
   */
  void restore(DataInput in) throws IOException;

  /** The toy's metrics of the raw 2-D samples. */
  static PointMetrics toy(ToyMetrics metrics) {
    return new PointMetrics() {
      @Override
      public void accept(Batch samples) {
        metrics.accept(samples.toArray());
      }

      @Override
      public Map<String, Double> values(MetricClock clock) {
        return byWireName(metrics.values(clock));
      }

      @Override
      public Map<String, Double> standardErrors(MetricClock clock) {
        return byWireName(metrics.standardErrors(clock));
      }

      @Override
      public boolean toy() {
        return true;
      }

      @Override
      public void save(DataOutput out) throws IOException {
        metrics.save(out);
      }

      @Override
      public void restore(DataInput in) throws IOException {
        metrics.restore(in);
      }

      @Override
      public Optional<SampleScores> sampleScores() {
        return Optional.of(metrics.sampleScores());
      }
    };
  }

  /** {@code values} keyed by wire name (as the ledger and the events key them), in their order. */
  static Map<String, Double> byWireName(Map<Metric, Double> values) {
    Map<String, Double> byName = new LinkedHashMap<>();
    values.forEach((metric, value) -> byName.put(metric.wireName(), value));
    return byName;
  }
}
