package dev.guidelab.ledger;

import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Every stored metric value of an experiment with its point's parameters, read with a database
 * cursor so that an export of any size holds only {@value #FETCH_SIZE} rows at a time.
 */
@ApplicationScoped
public class MetricRows {

  /** Rows fetched from the database per round trip. */
  static final int FETCH_SIZE = 500;

  /**
   * One metric value of one point after {@code n} samples.
   *
   * @param ordinal the point's position in the sweep
   * @param method the point's guidance method ({@code params.method}; null for other kinds)
   * @param params the point's parameters as stored, JSON text
   * @param value null where the metric is undefined at this n
   * @param stderr null where the metric has no standard error
   * @param isFinal whether this is the completed point's final value rather than a partial one
   */
  public record Row(
      int ordinal,
      UUID pointId,
      String label,
      String method,
      String params,
      long seed,
      State state,
      String metric,
      int n,
      Double value,
      Double stderr,
      boolean isFinal) {}

  /** Takes the rows one by one, writing them out. */
  public interface Sink {
    void accept(Row row) throws IOException;
  }

  private final Transactions tx;

  public MetricRows(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Hands every metric value of the experiment to {@code sink}, by point, metric and n, in one
   * consistent read. A value is final when its point completed and it is at the point's last n (a
   * completion stores its values at the samples it finished with).
   */
  public void forEach(UUID experimentId, Sink sink) throws IOException {
    try {
      tx.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT p.ordinal, p.id, p.label, p.params ->> 'method', p.params::text, p.seed,"
                        + " p.state, m.metric, m.n_samples, m.value, m.stderr,"
                        + " p.state = 'COMPLETED' AND m.n_samples = p.samples_done"
                        + " FROM metric_value m JOIN point p ON p.id = m.point_id"
                        + " WHERE p.experiment_id = ? ORDER BY p.ordinal, m.metric, m.n_samples")) {
              ps.setFetchSize(FETCH_SIZE); // a cursor: the transaction is not in autocommit
              ps.setObject(1, experimentId);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  sink.accept(
                      new Row(
                          rs.getInt(1),
                          rs.getObject(2, UUID.class),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getLong(6),
                          State.valueOf(rs.getString(7)),
                          rs.getString(8),
                          rs.getInt(9),
                          rs.getObject(10, Double.class),
                          rs.getObject(11, Double.class),
                          rs.getBoolean(12)));
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            return null;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
