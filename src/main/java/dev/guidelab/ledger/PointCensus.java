package dev.guidelab.ledger;

import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many points the ledger holds in each state, by experiment kind, and how long the oldest
 * queued point has waited: one grouped query, for the operational gauges ({@link LedgerMeters}).
 */
@ApplicationScoped
public class PointCensus {

  /**
   * The ledger's points at one moment.
   *
   * @param points points by experiment kind and state (states without points are absent)
   * @param oldestQueued how long the oldest queued point has waited since its {@code queued_at}, by
   *     the database's clock; empty when none is queued
   */
  public record Count(Map<String, Map<State, Long>> points, Optional<Duration> oldestQueued) {

    public Count {
      points = Map.copyOf(points);
    }

    /** Points of {@code kind} in {@code state}. */
    public long points(String kind, State state) {
      return points.getOrDefault(kind, Map.of()).getOrDefault(state, 0L);
    }

    /** Queued points of every kind. */
    public long queued() {
      return points.values().stream()
          .mapToLong(byState -> byState.getOrDefault(State.QUEUED, 0L))
          .sum();
    }
  }

  private final Transactions tx;

  public PointCensus(Transactions tx) {
    this.tx = tx;
  }

  /** Counts the points now. */
  public Count count() {
    return tx.inTransaction(PointCensus::count);
  }

  private static Count count(Connection c) throws SQLException {
    Map<String, Map<State, Long>> points = new HashMap<>();
    Duration oldest = null;
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT e.kind, p.state, count(*), EXTRACT(EPOCH FROM now() - min(p.queued_at))"
                    + " FROM point p JOIN experiment e ON e.id = p.experiment_id"
                    + " GROUP BY e.kind, p.state");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        State state = State.valueOf(rs.getString(2));
        points.computeIfAbsent(rs.getString(1), kind -> new HashMap<>()).put(state, rs.getLong(3));
        if (state == State.QUEUED) {
          Duration waited = Duration.ofMillis(Math.max(0, Math.round(rs.getDouble(4) * 1e3)));
          oldest = oldest == null || waited.compareTo(oldest) > 0 ? waited : oldest;
        }
      }
    }
    return new Count(points, Optional.ofNullable(oldest));
  }
}
