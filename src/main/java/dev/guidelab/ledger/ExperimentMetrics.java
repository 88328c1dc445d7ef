package dev.guidelab.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * What the history's metric columns show and sort by ({@link MetricColumns}), kept per experiment
 * in {@code experiment_metric} as its points complete: for each metric, the lowest and the highest
 * final value over its completed points, and over those at each guidance weight. A point's final
 * value of a metric is its value at its largest n, where not null. Runs inside the transaction that
 * completes the point, which holds its experiment's lock, so concurrent completions of one
 * experiment's points are applied one after the other.
 */
final class ExperimentMetrics {

  private ExperimentMetrics() {}

  /** Adds the final values of the completed point {@code pointId} to its experiment's. */
  static void pointCompleted(Connection c, UUID pointId) throws SQLException {
    pointsCompleted(c, List.of(pointId));
  }

  /**
   * Adds the final values of the completed points {@code pointIds} to their experiments': one
   * statement, however many points (the same as the backfill of migration V18).
   */
  static void pointsCompleted(Connection c, List<UUID> pointIds) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO experiment_metric (experiment_id, metric, weight, lowest, highest)"
                + " SELECT p.experiment_id, f.metric, w.weight, min(f.value), max(f.value)"
                + " FROM point p"
                + " CROSS JOIN LATERAL (SELECT DISTINCT ON (m.metric) m.metric, m.value"
                + " FROM metric_value m WHERE m.point_id = p.id"
                + " ORDER BY m.metric, m.n_samples DESC) f"
                + " CROSS JOIN LATERAL (SELECT NULL::double precision UNION SELECT p.weight)"
                + " w (weight)"
                + " WHERE p.id = ANY (?) AND p.state = 'COMPLETED' AND f.value IS NOT NULL"
                + " GROUP BY p.experiment_id, f.metric, w.weight"
                + " ON CONFLICT (experiment_id, metric, weight) DO UPDATE SET"
                + " lowest = LEAST(experiment_metric.lowest, EXCLUDED.lowest),"
                + " highest = GREATEST(experiment_metric.highest, EXCLUDED.highest)")) {
      ps.setArray(1, c.createArrayOf("uuid", pointIds.toArray()));
      ps.executeUpdate();
    }
  }
}
