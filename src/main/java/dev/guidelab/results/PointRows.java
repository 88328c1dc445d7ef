package dev.guidelab.results;

import dev.guidelab.db.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a point's row of a per-point results table ({@code point_id} its key), only if the point
 * belongs to the experiment the request names.
 */
final class PointRows {

  /** Maps the current row. */
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private PointRows() {}

  /** {@code SELECT columns FROM table t} for point {@code pointId} of {@code experimentId}. */
  static <T> Optional<T> find(
      Transactions tx, String columns, String table, UUID experimentId, UUID pointId, Row<T> row) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + columns
                      + " FROM "
                      + table
                      + " t JOIN point p ON p.id = t.point_id"
                      + " WHERE p.experiment_id = ? AND p.id = ?")) {
            ps.setObject(1, experimentId);
            ps.setObject(2, pointId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
          }
        });
  }
}
