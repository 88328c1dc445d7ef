package dev.guidelab.toynet;

import java.util.List;

/**
 * Outcome of a training run.
 *
 * @param ema the EMA weights after the last iteration, with their validation loss
 * @param raw the raw (optimiser) weights after the last iteration, with their validation loss
 * @param snapshots EMA snapshots every {@code snapshotEvery} iterations, oldest first (the one at
 *     iteration k equals the {@code ema} of a run stopped at k); validation loss not measured
 * @param seconds wall-clock training time
 */
public record ToyTrainingResult(
    ToyNetwork ema, ToyNetwork raw, List<ToyNetwork> snapshots, double seconds) {}
