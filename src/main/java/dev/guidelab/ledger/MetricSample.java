package dev.guidelab.ledger;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One stored metric value: {@code metric} of point {@code pointId} after {@code n} samples, with
 * its standard error where the metric has one.
 */
public record MetricSample(
    UUID pointId,
    String metric,
    int n,
    @Schema(nullable = true) Double value,
    @Schema(nullable = true) Double stderr) {}
