package dev.guidelab.experiment;

import dev.guidelab.guidance.spec.GuidanceParams;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One point of an experiment: parameters, progress and latest metric values.
 *
 * @param samplesDone samples whose metrics are stored (the {@code n} of {@code metrics})
 * @param nfePerSample denoiser evaluations per sample spent so far (main and guide together)
 * @param metrics latest value of each metric at {@code samplesDone} samples (null where undefined)
 */
public record PointView(
    UUID id,
    int ordinal,
    String label,
    GuidanceParams params,
    long seed,
    int samples,
    State state,
    int attempt,
    String worker,
    int samplesDone,
    double nfePerSample,
    Instant startedAt,
    Instant finishedAt,
    String error,
    Map<String, Double> metrics) {}
