package dev.guidelab.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.guidelab.ledger.State;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What happened to a point, as published on the progress topic and streamed to SSE clients (the SSE
 * event name is {@link #type()}). Every event carries the experiment's state after it, so a stream
 * knows when the experiment has ended.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ProgressEvent.PointClaimed.class, name = "claimed"),
  @JsonSubTypes.Type(value = ProgressEvent.PartialMetrics.class, name = "partial"),
  @JsonSubTypes.Type(value = ProgressEvent.PointCompleted.class, name = "completed"),
  @JsonSubTypes.Type(value = ProgressEvent.PointFailed.class, name = "failed"),
  @JsonSubTypes.Type(value = ProgressEvent.PointCancelled.class, name = "cancelled"),
  @JsonSubTypes.Type(value = ProgressEvent.PointRequeued.class, name = "requeued"),
})
public sealed interface ProgressEvent {

  UUID experimentId();

  UUID pointId();

  /** The experiment's state once this event happened. */
  State experimentState();

  Instant at();

  /** The SSE event name, equal to the JSON type discriminator of {@link JsonSubTypes}. */
  @JsonIgnore
  default String type() {
    return Names.BY_CLASS.get(getClass());
  }

  /**
   * A worker claimed the point and starts attempt {@code attempt} on {@code device} (e.g. {@code
   * cpu}, {@code cuda:0}).
   */
  record PointClaimed(
      UUID experimentId,
      UUID pointId,
      State experimentState,
      Instant at,
      String worker,
      String device,
      int attempt)
      implements ProgressEvent {}

  /**
   * Metric values after the first {@code n} of {@code samples} samples, and the standard errors of
   * those that have one (e.g. FD's jackknife).
   */
  record PartialMetrics(
      UUID experimentId,
      UUID pointId,
      State experimentState,
      Instant at,
      int n,
      int samples,
      Map<String, Double> metrics,
      Map<String, Double> stderr)
      implements ProgressEvent {}

  /**
   * The point finished: final metrics over {@code n} samples, {@code nfePerSample} denoiser calls
   * each.
   */
  record PointCompleted(
      UUID experimentId,
      UUID pointId,
      State experimentState,
      Instant at,
      int n,
      Map<String, Double> metrics,
      Map<String, Double> stderr,
      double nfePerSample)
      implements ProgressEvent {}

  /** The point failed for good (no attempts left). */
  record PointFailed(
      UUID experimentId, UUID pointId, State experimentState, Instant at, String error)
      implements ProgressEvent {}

  /** The point was cancelled by a user. */
  record PointCancelled(UUID experimentId, UUID pointId, State experimentState, Instant at)
      implements ProgressEvent {}

  /** The point went back to the queue (lost heartbeat or a failed attempt with retries left). */
  record PointRequeued(
      UUID experimentId,
      UUID pointId,
      State experimentState,
      Instant at,
      int attempt,
      String reason)
      implements ProgressEvent {}

  /** Type names read once from the {@link JsonSubTypes} annotation, so they are declared once. */
  final class Names {
    private static final Map<Class<?>, String> BY_CLASS =
        Arrays.stream(ProgressEvent.class.getAnnotation(JsonSubTypes.class).value())
            .collect(
                Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private Names() {}
  }
}
