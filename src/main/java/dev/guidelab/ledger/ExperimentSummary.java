package dev.guidelab.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A row of the experiment history list.
 *
 * @param pointsReused points that reused a completed point's results instead of being computed
 * @param tags its tags, in the order they were given
 * @param note its note, or null
 * @param starred whether it is starred
 * @param archivedAt when it was archived (hidden from the history by default), or null
 * @param best the best final value of the listing's metric over its completed points ({@link
 *     MetricColumns}), or null when the listing names no metric or no completed point has a value
 * @param atWeight the best final value of the listing's metric over its completed points at the
 *     listing's guidance weight, whatever their method, or null when the listing names no weight or
 *     no such point has a value
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
    int pointsReused,
    List<String> tags,
    @Schema(nullable = true) String note,
    boolean starred,
    @Schema(nullable = true) Instant archivedAt,
    @Schema(nullable = true) Double best,
    @Schema(nullable = true) Double atWeight) {}
