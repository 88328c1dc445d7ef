package dev.guidelab.engine;

import dev.guidelab.ledger.ExperimentKind;

/**
 * One kind of queued work — a sweep point, a toy training, a reference computation — computed by
 * one class. The {@link PointEngine} owns everything else: it claims the point, reads the
 * experiment's resolved form into {@link #resolvedType()} with plain Jackson, heartbeats, stores
 * and publishes what the kind reports through {@link PointRun}, completes, fails or requeues the
 * point, and stops the kind when the point is cancelled or the worker shuts down. A kind never
 * touches the ledger or Kafka itself. Kinds are CDI beans; the engine finds one by {@link #kind()}.
 *
 * @param <R> the experiment's resolved form, as stored in {@code experiment.resolved}
 */
public interface PointKind<R> {

  /** The experiments whose points this class computes. */
  ExperimentKind kind();

  /** The record the experiment's resolved form is read into. */
  Class<R> resolvedType();

  /**
   * Computes {@code point}, reporting partial results through {@code run} and ending with {@link
   * PointRun#complete}. Throw {@link PointFailure} for a failure no retry can change (the input);
   * any other exception gives the point back for a retry while it has attempts left.
   */
  void compute(Point<R> point, PointRun run) throws Exception;

  /**
   * Whether the point's units are samples drawn with denoiser evaluations, which the engine counts
   * for the worker's samples/s and evaluations/s (docs/operations.md); trainings and reference
   * computations draw none.
   */
  default boolean unitsAreSamples() {
    return false;
  }
}
