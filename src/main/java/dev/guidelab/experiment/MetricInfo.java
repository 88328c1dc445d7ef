package dev.guidelab.experiment;

import dev.guidelab.metrics.Metric;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A metric a spec's {@code metrics} list may name, as the registry ({@link Metric}) declares it.
 *
 * @param name the wire name
 * @param byDefault whether a toy spec without {@code metrics} gets it
 * @param imageModels whether an image model's spec may name it (the feature-space metrics); the
 *     others need the toy's ground truth
 * @param imageDefault whether an image spec without {@code metrics} gets it
 * @param needsReferenceSamples whether it compares with the reference's own samples (k-NN, kernel
 *     and score metrics), so an image reference must keep feature vectors
 * @param cost {@code STREAMED} (a few operations per sample, after every batch), {@code BLOCK_FIT}
 *     (fitted over the jackknife blocks: seconds per point in 2-D, hours at d = 2048) or {@code
 *     CHECKPOINTS} (recomputed from the first 10,000 samples at checkpoints: seconds per point)
 * @param stderr what its {@code stderr} is, e.g. {@code 20-block jackknife SE}; null when it has
 *     none
 * @param better {@code HIGHER}, {@code LOWER} or {@code NEITHER} (a diagnostic to compare with the
 *     reference's value)
 */
public record MetricInfo(
    String name,
    boolean byDefault,
    boolean imageModels,
    boolean imageDefault,
    boolean needsReferenceSamples,
    Metric.Cost cost,
    @Schema(nullable = true) String stderr,
    Metric.Better better) {

  /** What the registry declares about {@code metric}. */
  static MetricInfo of(Metric metric) {
    return new MetricInfo(
        metric.wireName(),
        metric.onByDefault(Metric.Domain.TOY),
        metric.appliesTo(Metric.Domain.IMAGE),
        metric.onByDefault(Metric.Domain.IMAGE),
        metric.needsReferenceSamples(),
        metric.cost(),
        metric.stderr().orElse(null),
        metric.better());
  }
}
