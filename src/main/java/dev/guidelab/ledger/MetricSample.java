package dev.guidelab.ledger;

import java.util.UUID;

/**
 * One stored metric value: {@code metric} of point {@code pointId} after {@code n} samples, with
 * its standard error where the metric has one.
 */
public record MetricSample(UUID pointId, String metric, int n, Double value, Double stderr) {}
