package dev.guidelab.ledger;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The metric columns of a history listing, read from what {@link ExperimentMetrics} keeps: each
 * experiment's best final value of {@code metric} over its completed points ({@code best}) and,
 * given a {@code weight}, over its completed points at that guidance weight, whatever their method
 * ({@code atWeight}). A point's final value is its value at its largest n.
 *
 * @param metric the metric's wire name, as stored in {@code metric_value}
 * @param lowerIsBetter whether the best is the lowest value (else the highest)
 * @param weight the guidance weight w of the {@code atWeight} column, or null for none
 */
public record MetricColumns(String metric, boolean lowerIsBetter, Double weight) {

  /** The select items {@code best} and {@code at_weight} when a listing names no metric. */
  static final String NONE = "NULL::double precision AS best, NULL::double precision AS at_weight";

  /** The select items {@code best} and {@code at_weight}, from {@link #joins()}. */
  String columns() {
    String best = lowerIsBetter ? "lowest" : "highest";
    return "b."
        + best
        + " AS best, "
        + (weight == null ? "NULL::double precision" : "w." + best)
        + " AS at_weight";
  }

  /** The joins of {@code experiment e} that {@link #columns()} read; {@link #bind} fills them. */
  String joins() {
    String joins =
        " LEFT JOIN experiment_metric b ON b.experiment_id = e.id AND b.metric = ?"
            + " AND b.weight IS NULL";
    return weight == null
        ? joins
        : joins
            + " LEFT JOIN experiment_metric w ON w.experiment_id = e.id AND w.metric = ?"
            + " AND w.weight = ?";
  }

  /**
   * The SQL condition that a row has a value in the column {@code order} sorts by, on {@link
   * #joins()}: {@code true} for the rows with one, {@code false} for those without.
   */
  String valued(ExperimentOrder order, boolean valued) {
    return (order == ExperimentOrder.AT_WEIGHT ? "w" : "b")
        + ".experiment_id IS "
        + (valued ? "NOT NULL" : "NULL");
  }

  /**
   * Sets the parameters of {@link #joins()} from {@code index} on.
   *
   * @return the index of the next parameter
   */
  int bind(PreparedStatement ps, int index) throws SQLException {
    ps.setString(index++, metric);
    if (weight != null) {
      ps.setString(index++, metric);
      ps.setDouble(index++, weight);
    }
    return index;
  }
}
