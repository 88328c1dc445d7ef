package dev.guidelab.ledger;

import java.util.UUID;

/**
 * A point this worker now owns: transitions it makes are conditional on {@code version}, so they do
 * nothing once the point was cancelled or taken back by the sweeper.
 *
 * @param specJson the experiment's normalised spec
 * @param paramsJson the point's parameters (method, guide, weight)
 * @param kind the experiment's kind
 * @param modelsJson model name → content hash, resolved when the experiment was submitted
 */
public record Claim(
    UUID experimentId,
    UUID pointId,
    int attempt,
    int version,
    String worker,
    long seed,
    int samples,
    String specJson,
    String paramsJson,
    ExperimentKind kind,
    String modelsJson,
    State experimentState) {}
