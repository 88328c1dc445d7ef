package dev.guidelab.metrics;

/**
 * Told how long each metric took to evaluate at a report, in nanoseconds: a plain callback, so the
 * pipelines time their metrics without knowing who measures.
 */
@FunctionalInterface
public interface MetricClock {

  /** A clock nobody reads. */
  MetricClock NONE = (metric, nanos) -> {};

  void took(Metric metric, long nanos);
}
