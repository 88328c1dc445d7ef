package dev.guidelab.toynet;

import java.util.List;

/**
 * Outcome of a training run.
 *
 * @param ema the EMA weights after the last iteration, with their validation loss
 * @param raw the raw (optimiser) weights after the last iteration, with their validation loss
 * @param snapshots EMA snapshots every {@code snapshotEvery} iterations, oldest first (the one at
 *     iteration k equals the {@code ema} of a run stopped at k); validation loss not measured
 * @param postHocSnapshots snapshots of the post-hoc EMA profiles ({@link
 *     ToyTrainingSpec#postHocSigmaRels}) every {@code snapshotEvery} iterations and at the last
 *     one, by iteration then in the spec's σ_rel order; validation loss not measured
 * @param seconds wall-clock training time
 */
public record ToyTrainingResult(
    ToyNetwork ema,
    ToyNetwork raw,
    List<ToyNetwork> snapshots,
    List<ToyNetwork> postHocSnapshots,
    double seconds) {}
