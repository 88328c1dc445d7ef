package dev.guidelab.worker;

import dev.guidelab.features.EdmQuantisation;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.features.Features;
import dev.guidelab.features.Images;
import dev.guidelab.metrics.AccumulatorState;
import dev.guidelab.metrics.FeatureSpaceMetrics;
import dev.guidelab.metrics.MetricClock;
import dev.guidelab.metrics.Top1Histograms;
import dev.guidelab.models.ImageShape;
import dev.guidelab.models.SampleImages;
import dev.guidelab.results.TypicalImages;
import dev.guidelab.sampling.Batch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Metrics of generated images in a feature network's space: each batch is quantised to uint8 as EDM
 * saves images ({@link EdmQuantisation}), on the device it was sampled on ({@link SampleImages}),
 * passed through the network there {@value FeatureNetwork#DEFAULT_BATCH} images at a time, and its
 * features — all that comes back to the host, with the typical images' few pixels — streamed into
 * {@link FeatureSpaceMetrics}; a point asking for {@code top1_tv} also passes the images through
 * the network's classifier head ({@code forward(x, return_features=False)}, a second call that
 * about doubles the network's cost) and counts their Top-1 classes. Uses the network from the
 * point's thread; the point's kind opens and closes it.
 *
 * <p>Memory: the moments are 20 jackknife blocks of {@code d²} doubles (670 MB at d = 2048); a spec
 * asking for the k-NN, kernel or score metrics also keeps the features of the first 10,000 samples,
 * 164 MB at d = 2048, and loads the reference's vectors (as many again). With {@code realism} it
 * also tracks the point's most and least typical images ({@link TypicalImageTracker}) by the
 * per-sample realism scores the metric computed.
 */
final class ImageFeatureMetrics implements PointMetrics {

  private final ImageShape shape;
  private final FeatureNetwork network;
  private final FeatureSpaceMetrics metrics;
  private final TypicalImageTracker typical; // null unless realism is asked for

  ImageFeatureMetrics(
      ImageShape shape,
      FeatureNetwork network,
      FeatureSpaceMetrics metrics,
      TypicalImageTracker typical) {
    this.shape = shape;
    this.network = network;
    this.metrics = metrics;
    this.typical = typical;
  }

  @Override
  public void accept(Batch samples) {
    try (Images.OnDevice images = SampleImages.quantised(samples, shape)) {
      Features features = network.extract(images);
      metrics.accept(features.values(), features.dim());
      if (typical != null) {
        typical.accept(metrics.sampleScores(), images);
      }
      if (metrics.top1Wanted()) {
        metrics.acceptLogits(network.logits(images));
      }
    }
  }

  @Override
  public Optional<TypicalImages> typicalImages(UUID pointId) {
    return Optional.ofNullable(typical).map(t -> t.images(pointId));
  }

  @Override
  public Optional<Top1Histograms> top1() {
    return metrics.top1();
  }

  @Override
  public Map<String, Double> values(MetricClock clock) {
    return PointMetrics.byWireName(metrics.values(clock));
  }

  @Override
  public Map<String, Double> standardErrors(MetricClock clock) {
    return PointMetrics.byWireName(metrics.standardErrors(clock));
  }

  @Override
  public boolean toy() {
    return false;
  }

  /** The feature-space metrics' state, then the typical images', if tracked. */
  @Override
  public void save(DataOutput out) throws IOException {
    metrics.save(out);
    out.writeBoolean(typical != null);
    if (typical != null) {
      typical.save(out);
    }
  }

  @Override
  public void restore(DataInput in) throws IOException {
    metrics.restore(in);
    AccumulatorState.expectBoolean(in, typical != null, "whether typical images are tracked");
    if (typical != null) {
      typical.restore(in);
    }
  }
}
