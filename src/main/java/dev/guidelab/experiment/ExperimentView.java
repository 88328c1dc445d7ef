package dev.guidelab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An experiment as the API shows it: its normalised spec, state and every point with its latest
 * metrics. Also the SSE snapshot.
 */
public record ExperimentView(
    UUID id,
    String name,
    String owner,
    State state,
    String specHash,
    Instant createdAt,
    Instant updatedAt,
    Instant finishedAt,
    JsonNode spec,
    List<PointView> points) {}
