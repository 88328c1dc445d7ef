package dev.guidelab.ledger;

/**
 * A metric column of the history: each experiment's best final value of {@code metric} over its
 * completed points (each point's value at its largest n).
 *
 * @param metric the metric's wire name, as stored in {@code metric_value}
 * @param lowerIsBetter whether the best is the minimum (else the maximum)
 */
public record BestMetric(String metric, boolean lowerIsBetter) {

  /**
   * The SQL scalar subquery of the best value, on {@code experiment e}; one parameter, the name.
   */
  String column() {
    return "(SELECT "
        + (lowerIsBetter ? "min" : "max")
        + "(v.value) FROM point p CROSS JOIN LATERAL (SELECT m.value FROM metric_value m"
        + " WHERE m.point_id = p.id AND m.metric = ? ORDER BY m.n_samples DESC LIMIT 1) v"
        + " WHERE p.experiment_id = e.id AND p.state = 'COMPLETED')";
  }
}
