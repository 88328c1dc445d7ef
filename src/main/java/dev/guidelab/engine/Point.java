package dev.guidelab.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.ledger.Checkpoint;
import java.util.UUID;

/**
 * A claimed point as its kind sees it.
 *
 * @param attempt 1 for the first try
 * @param seed the point's base seed: sample k draws from (seed, k)
 * @param units what to compute: samples, iterations or images
 * @param resolved the experiment's resolved form
 * @param params the point's own part (a sweep point's guidance), as JSON
 * @param main a sweep point's own main model, when not the experiment's; else null
 * @param checkpoint the state a {@link PointRun.Results#withCheckpoint} report persisted, to
 *     continue after its {@code done} units; null to start from the beginning
 */
public record Point<R>(
    UUID experimentId,
    UUID pointId,
    int attempt,
    long seed,
    int units,
    R resolved,
    JsonNode params,
    String main,
    Checkpoint checkpoint) {}
