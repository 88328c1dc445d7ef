package dev.guidelab.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One point of an experiment: parameters, progress and latest metric values.
 *
 * @param label a short human-readable name, e.g. {@code cfg w=2}
 * @param params the point's parameters: a sweep point's guidance method and weight, or a training
 * @param main the sweep point's own main model (the experiment's at another post-hoc EMA width);
 *     null when it samples with the experiment's
 * @param ema the post-hoc EMA widths and guide iteration the point's models are addressed at; null
 *     when none of its models is a post-hoc EMA address
 * @param worker the worker that claimed it last, or null
 * @param device the device that worker computes on ({@link Claimant}), or null for a point never
 *     claimed, one that reused another's results, or one claimed before devices were recorded
 * @param samplesDone samples whose metrics are stored (the {@code n} of {@code metrics})
 * @param nfePerSample denoiser evaluations per sample spent so far (main and guide together)
 * @param metrics latest value of each metric at {@code samplesDone} samples (null where undefined)
 * @param stderr standard error of the latest values of the metrics that have one
 * @param reusedFrom the completed point whose results this point reused instead of computing them
 *     (docs/reuse.md); null for a computed point, or when that point has been deleted since
 * @param extendedFrom the completed point of fewer samples this point continued from, computing
 *     only the samples after its (docs/reuse.md, "Extension"); null otherwise
 */
public record PointView(
    UUID id,
    int ordinal,
    String label,
    JsonNode params,
    @Schema(nullable = true) String main,
    @Schema(nullable = true) Ema ema,
    long seed,
    int samples,
    State state,
    int attempt,
    @Schema(nullable = true) String worker,
    @Schema(nullable = true) String device,
    int samplesDone,
    double nfePerSample,
    @Schema(nullable = true) Instant startedAt,
    @Schema(nullable = true) Instant finishedAt,
    @Schema(nullable = true) String error,
    Map<String, Double> metrics,
    Map<String, Double> stderr,
    @Schema(nullable = true) Source reusedFrom,
    @Schema(nullable = true) Source extendedFrom) {

  /**
   * Where a point's models lie on the EMA axes of docs/spec.md ("EMA sweeps"), read from their
   * post-hoc EMA addresses: what the dashboard draws a metric against.
   *
   * @param main the main model's σ_rel, if it is an address
   * @param guide the guide's σ_rel, if it is an address
   * @param guideIteration the guide family's iteration, if its address names one
   */
  public record Ema(
      @Schema(nullable = true) Double main,
      @Schema(nullable = true) Double guide,
      @Schema(nullable = true) Long guideIteration) {}

  /** A point of an experiment, e.g. the one another point reused. */
  public record Source(UUID experimentId, String experimentName, UUID pointId, String label) {}
}
