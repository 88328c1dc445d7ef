package dev.guidelab.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An experiment as the API shows it: its normalised spec, state and every point with its latest
 * metrics. Also the SSE snapshot.
 *
 * @param kind {@code sweep} (sampling points) or {@code train} (a training run)
 * @param pins the content hash of every model, network and reference the experiment uses, pinned at
 *     submission
 * @param version the Guidelab version that accepted the experiment
 * @param tags its tags, in the order they were given
 * @param note its note, or null
 * @param starred whether it is starred
 * @param archivedAt when it was archived (hidden from the history by default), or null
 */
public record ExperimentView(
    UUID id,
    ExperimentKind kind,
    String name,
    String owner,
    State state,
    String specHash,
    Pins pins,
    String version,
    Instant createdAt,
    Instant updatedAt,
    @Schema(nullable = true) Instant finishedAt,
    JsonNode spec,
    List<PointView> points,
    List<String> tags,
    @Schema(nullable = true) String note,
    boolean starred,
    @Schema(nullable = true) Instant archivedAt) {}
