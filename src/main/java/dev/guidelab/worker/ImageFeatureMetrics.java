package dev.guidelab.worker;

import dev.guidelab.features.EdmQuantisation;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.features.Features;
import dev.guidelab.metrics.FeatureSpaceMetrics;
import dev.guidelab.models.ImageShape;
import java.util.Map;

/**
 * Metrics of generated images in a feature network's space: each batch is quantised to uint8 as EDM
 * saves images ({@link EdmQuantisation}), passed through the network {@value
 * FeatureNetwork#DEFAULT_BATCH} images at a time, and its features streamed into {@link
 * FeatureSpaceMetrics}. Owns the network (one per point, used from the point's thread) and closes
 * it.
 */
final class ImageFeatureMetrics implements PointMetrics {

  private final ImageShape shape;
  private final FeatureNetwork network;
  private final FeatureSpaceMetrics metrics;

  ImageFeatureMetrics(ImageShape shape, FeatureNetwork network, FeatureSpaceMetrics metrics) {
    this.shape = shape;
    this.network = network;
    this.metrics = metrics;
  }

  @Override
  public void accept(double[] samples) {
    Features features =
        network.extract(
            EdmQuantisation.toUint8(
                samples, shape.channels(), shape.resolution(), shape.resolution()));
    metrics.accept(features.values(), features.dim());
  }

  @Override
  public Map<String, Double> values() {
    return metrics.values();
  }

  @Override
  public Map<String, Double> standardErrors() {
    return metrics.standardErrors();
  }

  @Override
  public boolean toy() {
    return false;
  }

  @Override
  public void close() {
    network.close();
  }
}
