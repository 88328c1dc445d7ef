package dev.guidelab.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;

/**
 * A point this worker now owns: transitions it makes are conditional on {@code version}, so they do
 * nothing once the point was cancelled or taken back by the sweeper.
 *
 * @param worker the name of the worker that claimed it
 * @param device the device that worker computes on ({@link Claimant})
 * @param seed the point's base seed: sample k draws from (seed, k)
 * @param units what the point computes: samples, training iterations, or images of a reference set
 * @param kind the experiment's kind, which names the class that computes the point
 * @param resolved the experiment's resolved form, the kind's record as JSON; null for experiments
 *     accepted before resolved forms existed
 * @param params the point's own part (a sweep point's guidance), as JSON
 * @param main a sweep point's own main model, when not the experiment's; else null
 * @param checkpoint the point's last persisted state, to resume from; null to start from scratch
 * @param experimentState the experiment's state after the claim
 * @param waited how long the point was queued before this claim, from its {@code queued_at} (its
 *     submission, or its last requeue) to the claim, by the database's clock
 */
public record Claim(
    UUID experimentId,
    UUID pointId,
    int attempt,
    int version,
    String worker,
    String device,
    long seed,
    int units,
    ExperimentKind kind,
    JsonNode resolved,
    JsonNode params,
    String main,
    Checkpoint checkpoint,
    State experimentState,
    Duration waited) {}
