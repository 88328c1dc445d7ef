package dev.guidelab.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Appends transitions to {@code state_change} and keeps each experiment's state equal to the state
 * derived from its points. Every method runs inside the caller's transaction.
 */
final class History {

  private History() {}

  /**
   * Locks the experiment row. Every transaction that changes a point's state takes this lock first,
   * which serialises the experiment's derived state and fixes one lock order (no deadlocks).
   *
   * @return the experiment's current state
   */
  static State lockExperiment(Connection c, UUID experimentId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT state FROM experiment WHERE id = ? FOR UPDATE")) {
      ps.setObject(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("experiment " + experimentId + " does not exist");
        }
        return State.valueOf(rs.getString(1));
      }
    }
  }

  /** Records a point transition after checking it against {@link State#pointMayMoveTo}. */
  static void pointMoved(
      Connection c,
      UUID experimentId,
      UUID pointId,
      State from,
      State to,
      int attempt,
      String worker,
      String error)
      throws SQLException {
    pointMoved(c, experimentId, pointId, from, to, attempt, worker, error, null);
  }

  /** As above, for a transition a user caused ({@code actor}, e.g. a cancel), which it records. */
  static void pointMoved(
      Connection c,
      UUID experimentId,
      UUID pointId,
      State from,
      State to,
      int attempt,
      String worker,
      String error,
      String actor)
      throws SQLException {
    if (!from.pointMayMoveTo(to)) {
      throw new IllegalStateException(
          "point " + pointId + " may not move from " + from + " to " + to);
    }
    insert(c, experimentId, pointId, from, to, attempt, worker, error, actor);
  }

  /**
   * Re-derives the experiment's state from its points (call after changing points, holding the lock
   * of {@link #lockExperiment}); records and returns the new state.
   */
  static State syncExperiment(Connection c, UUID experimentId, State current) throws SQLException {
    Map<State, Integer> counts = new EnumMap<>(State.class);
    boolean everClaimed = false;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state, count(*), bool_or(attempt > 0) FROM point WHERE experiment_id = ? GROUP BY state")) {
      ps.setObject(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(State.valueOf(rs.getString(1)), rs.getInt(2));
          everClaimed |= rs.getBoolean(3);
        }
      }
    }
    State derived = State.derive(counts, everClaimed || current == State.RUNNING);
    if (derived == current) {
      return current;
    }
    if (!current.experimentMayMoveTo(derived)) {
      throw new IllegalStateException(
          "experiment " + experimentId + " may not move from " + current + " to " + derived);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE experiment SET state = ?, updated_at = now(),"
                + " finished_at = CASE WHEN ? THEN now() END WHERE id = ?")) {
      ps.setString(1, derived.name());
      ps.setBoolean(2, derived.isTerminal());
      ps.setObject(3, experimentId);
      ps.executeUpdate();
    }
    insert(c, experimentId, null, current, derived, null, null, null, null);
    return derived;
  }

  /**
   * Records that a point, just created, completed by reusing a completed point's results ({@link
   * Reuse}): {@code QUEUED → COMPLETED} without a worker, the one point transition outside {@link
   * State}'s table, taken only at creation.
   */
  static void pointReused(Connection c, UUID experimentId, UUID pointId) throws SQLException {
    insert(c, experimentId, pointId, State.QUEUED, State.COMPLETED, 0, null, null, null);
  }

  /** Records the creation of an experiment or point (no previous state). */
  static void created(Connection c, UUID experimentId, UUID pointId) throws SQLException {
    insert(c, experimentId, pointId, null, State.QUEUED, null, null, null, null);
  }

  private static void insert(
      Connection c,
      UUID experimentId,
      UUID pointId,
      State from,
      State to,
      Integer attempt,
      String worker,
      String error,
      String actor)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO state_change"
                + " (experiment_id, point_id, from_state, to_state, attempt, worker, error, actor)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, experimentId);
      ps.setObject(2, pointId);
      ps.setString(3, from == null ? null : from.name());
      ps.setString(4, to.name());
      ps.setObject(5, attempt);
      ps.setString(6, worker);
      ps.setString(7, error);
      ps.setString(8, actor);
      ps.executeUpdate();
    }
  }
}
