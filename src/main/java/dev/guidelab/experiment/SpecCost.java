package dev.guidelab.experiment;

import dev.guidelab.ledger.Workload;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a spec would cost (docs/spec.md, "Cost"): its points, samples and network evaluations, and
 * an estimate of how long the workers now active would take, measured from their throughput.
 *
 * @param points points, seeds included
 * @param samples samples over all points
 * @param evaluations network evaluations at most: per point its samples × the sampler's evaluations
 *     per sample × the networks its guidance evaluates (main, and the guide where it has a weight)
 * @param workers workers active now (running a point, or finished one within 15 minutes)
 * @param evaluationsPerSecond their measured sweep throughput together; null before any has
 *     completed a computed sweep point within the hour
 * @param queuedEvaluations network evaluations of the work queued and running ahead of it
 * @param seconds estimated seconds until its last point is done, if it ran after the work ahead on
 *     the workers now active at their measured throughput; null without a measured throughput
 * @param warning why this spec is large, when its evaluations exceed {@code
 *     guidelab.spec.warn-evaluations}; else null
 */
public record SpecCost(
    int points,
    long samples,
    long evaluations,
    int workers,
    @Schema(nullable = true) Double evaluationsPerSecond,
    long queuedEvaluations,
    @Schema(nullable = true) Double seconds,
    @Schema(nullable = true) String warning) {

  /** The cost of {@code spec} under {@code now}, warning above {@code warnEvaluations}. */
  static SpecCost of(ExperimentSpec spec, Workload.Now now, long warnEvaluations) {
    List<ExperimentSpec.Run> runs = spec.runs();
    int points = runs.size();
    long evaluations = runs.stream().mapToLong(r -> spec.evaluations(r.guidance())).sum();
    Double rate = now.evaluationsPerSecond();
    Double seconds =
        rate == null || rate <= 0 ? null : (now.queuedEvaluations() + evaluations) / rate;
    String warning =
        evaluations <= warnEvaluations
            ? null
            : String.format(
                Locale.ROOT,
                "%,d network evaluations, %.1f× the %,d above which a sweep is considered large"
                    + " (guidelab.spec.warn-evaluations)",
                evaluations,
                (double) evaluations / warnEvaluations,
                warnEvaluations);
    return new SpecCost(
        points,
        (long) points * spec.samples(),
        evaluations,
        now.workers(),
        rate,
        now.queuedEvaluations(),
        seconds,
        warning);
  }
}
