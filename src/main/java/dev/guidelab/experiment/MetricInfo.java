package dev.guidelab.experiment;

/**
 * A metric a spec's {@code metrics} list may name.
 *
 * @param byDefault whether a spec without {@code metrics} gets it
 */
public record MetricInfo(String name, boolean byDefault) {}
