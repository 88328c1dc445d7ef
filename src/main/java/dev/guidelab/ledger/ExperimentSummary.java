package dev.guidelab.ledger;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A row of the experiment history list.
 *
 * @param pointsReused points that reused a completed point's results instead of being computed
 */
public record ExperimentSummary(
    UUID id,
    ExperimentKind kind,
    String name,
    String owner,
    State state,
    String specHash,
    Instant createdAt,
    @Schema(nullable = true) Instant finishedAt,
    int points,
    int pointsCompleted,
    int pointsReused) {}
