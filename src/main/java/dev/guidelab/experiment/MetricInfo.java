package dev.guidelab.experiment;

/**
 * A metric a spec's {@code metrics} list may name.
 *
 * @param byDefault whether a spec without {@code metrics} gets it
 * @param imageModels whether an image model's spec may name it (the feature-space metrics); the
 *     others need the toy's ground truth
 */
public record MetricInfo(String name, boolean byDefault, boolean imageModels) {}
