package dev.guidelab.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Which queued point is claimed next (ARCHITECTURE.md, "Which point a worker claims"): the queries
 * {@link PointClaims#claimNext} runs, and the owners' turns every claim records. Each runs inside
 * the caller's transaction.
 */
final class ClaimOrder {

  /** A queued point: the one to claim next. */
  record Best(UUID experimentId, UUID pointId) {}

  /**
   * The order experiments with queued points are served in, over {@code e} (experiment), {@code
   * running} (running points by owner) and {@code t} (owner_turn), best first.
   */
  static final String ORDER =
      " ORDER BY e.priority DESC, coalesce(running.points, 0), t.last_claim_at NULLS FIRST,"
          + " e.created_at, e.id";

  /** Running points by owner, for {@link #ORDER}. */
  static final String RUNNING_BY_OWNER =
      "running AS (SELECT e.owner, count(*) AS points FROM point r"
          + " JOIN experiment e ON e.id = r.experiment_id WHERE r.state = 'RUNNING' GROUP BY e.owner)";

  /**
   * The claim order ({@link PointClaims#claimNext}), as of the statement: the queued point of the
   * highest experiment priority; among equal priorities, the one whose owner has the fewest points
   * running, then the owner whose last claim is oldest (never claimed first), so owners take turns;
   * then the oldest experiment, then sweep order. It sorts the queued and running experiments, each
   * by its first queued point ({@code point_queued_claim_idx}), and counts the running points; it
   * reads no finished point and takes no lock.
   */
  private static final String BEST =
      "WITH "
          + RUNNING_BY_OWNER
          + " SELECT e.id, q.id FROM experiment e"
          + " CROSS JOIN LATERAL (SELECT p.id FROM point p WHERE p.experiment_id = e.id"
          + " AND p.state = 'QUEUED' ORDER BY p.ordinal LIMIT 1) q"
          + " LEFT JOIN running ON running.owner = e.owner"
          + " LEFT JOIN owner_turn t ON t.owner = e.owner"
          + " WHERE e.state IN ('QUEUED', 'RUNNING')"
          + ORDER
          + " LIMIT 1";

  private ClaimOrder() {}

  /** The first queued point in claim order, as of now; empty if none is queued. */
  static Optional<Best> best(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BEST);
        ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? Optional.of(new Best(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
          : Optional.empty();
    }
  }

  /** The experiment's first queued point by ordinal; empty if it has none queued. */
  static Optional<UUID> firstQueued(Connection c, UUID experimentId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM point WHERE experiment_id = ? AND state = 'QUEUED'"
                + " ORDER BY ordinal LIMIT 1")) {
      ps.setObject(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
      }
    }
  }

  /** Records that {@code owner} was served now (a claim), for the turns of the claim order. */
  static void served(Connection c, String owner) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO owner_turn (owner, last_claim_at) VALUES (?, now())"
                + " ON CONFLICT (owner) DO UPDATE"
                + " SET last_claim_at = greatest(owner_turn.last_claim_at, EXCLUDED.last_claim_at)")) {
      ps.setString(1, owner);
      ps.executeUpdate();
    }
  }
}
