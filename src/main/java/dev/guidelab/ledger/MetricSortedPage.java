package dev.guidelab.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of the history sorted by a metric column ({@link ExperimentOrder#BEST}, {@link
 * ExperimentOrder#AT_WEIGHT}) in two steps, so that it walks the index of {@code experiment_metric}
 * in the order asked for instead of sorting every experiment: first the experiments with a value,
 * best first; then, only when the page reaches past them, those without one, newest first. The same
 * rows in the same order as one query sorting {@code NULLS LAST}.
 */
final class MetricSortedPage {

  private MetricSortedPage() {}

  /**
   * The rows of page {@code page} of {@code size}.
   *
   * @param filter the listing's condition on {@code experiment e} and its parameters
   */
  static List<ExperimentSummary> items(
      Connection c,
      ExperimentFilter.Sql filter,
      ExperimentOrder order,
      MetricColumns metrics,
      int page,
      int size)
      throws SQLException {
    long offset = (long) page * size;
    List<ExperimentSummary> items =
        rows(c, filter, metrics, metrics.valued(order, true), order.orderBy(metrics), size, offset);
    if (items.size() < size) {
      long valued = count(c, filter, metrics, metrics.valued(order, true));
      items.addAll(
          rows(
              c,
              filter,
              metrics,
              metrics.valued(order, false),
              ExperimentOrder.NEWEST.orderBy(metrics),
              size - items.size(),
              Math.max(0, offset - valued)));
    }
    return items;
  }

  private static List<ExperimentSummary> rows(
      Connection c,
      ExperimentFilter.Sql filter,
      MetricColumns metrics,
      String valued,
      String orderBy,
      int limit,
      long offset)
      throws SQLException {
    List<ExperimentSummary> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            ExperimentQueries.summaryColumns(metrics.columns())
                + metrics.joins()
                + where(filter, valued)
                + " ORDER BY "
                + orderBy
                + " LIMIT ? OFFSET ?")) {
      int i = bind(ps, filter, metrics);
      ps.setInt(i++, limit);
      ps.setLong(i, offset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(ExperimentQueries.summary(rs));
        }
      }
    }
    return rows;
  }

  private static long count(
      Connection c, ExperimentFilter.Sql filter, MetricColumns metrics, String valued)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM experiment e" + metrics.joins() + where(filter, valued))) {
      bind(ps, filter, metrics);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String where(ExperimentFilter.Sql filter, String valued) {
    return filter.where().isEmpty() ? " WHERE " + valued : filter.where() + " AND " + valued;
  }

  /** Sets the joins' and the filter's parameters; returns the index of the next. */
  private static int bind(PreparedStatement ps, ExperimentFilter.Sql filter, MetricColumns metrics)
      throws SQLException {
    int i = metrics.bind(ps, 1);
    for (Object parameter : filter.parameters()) {
      ps.setObject(i++, parameter);
    }
    return i;
  }
}
