package dev.guidelab.ledger;

import dev.guidelab.db.Transactions;
import dev.guidelab.db.Write;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The worker-side transitions of points. Each is a conditional update on {@code (state, version)}:
 * whoever changed the point first wins, everybody else's update touches no row and is dropped.
 */
@ApplicationScoped
public class PointLedger {

  /** Outcome of a point transition: the experiment's state afterwards. */
  public record Moved(
      UUID experimentId, UUID pointId, State to, int attempt, State experimentState) {}

  private final Transactions tx;

  public PointLedger(Transactions tx) {
    this.tx = tx;
  }

  /** Refreshes the heartbeat of a point still held by {@code claim}; false once it is not. */
  public boolean heartbeat(Claim claim) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE point SET heartbeat_at = now() WHERE id = ? AND state = 'RUNNING' AND version = ?")) {
            ps.setObject(1, claim.pointId());
            ps.setInt(2, claim.version());
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Stores partial results at {@code n} units: metrics with the standard errors of those that have
   * one, {@code writes} (a point's other results) and, if not null, the {@code checkpoint} to
   * resume from, in one transaction that does nothing once the point is no longer held by {@code
   * claim}. Doubles as the cancellation check.
   *
   * @return false if the point is no longer held by {@code claim} (cancelled or taken back): stop
   */
  public boolean recordProgress(
      Claim claim,
      int n,
      long nfe,
      Map<String, Double> metrics,
      Map<String, Double> stderr,
      List<Write> writes,
      byte[] checkpoint) {
    return tx.inTransaction(
        c -> {
          if (!updateRunning(c, claim, "samples_done = ?, nfe = ?, heartbeat_at = now()", n, nfe)) {
            return false;
          }
          if (checkpoint != null) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE point SET checkpoint = ?, checkpoint_done = ?, checkpoint_nfe = ?"
                        + " WHERE id = ?")) {
              ps.setBytes(1, checkpoint);
              ps.setInt(2, n);
              ps.setLong(3, nfe);
              ps.setObject(4, claim.pointId());
              ps.executeUpdate();
            }
          }
          insertMetrics(c, claim.pointId(), n, metrics, stderr);
          for (Write write : writes) {
            write.to(c);
          }
          return true;
        });
  }

  /**
   * {@code RUNNING → COMPLETED} with the final metrics and {@code writes}, in one transaction;
   * empty (and nothing written) if the point is no longer held. The point keeps {@code finalState}
   * as its checkpoint at {@code n} (null: none), for a point of equal content and more units to
   * continue from ({@link Reuse}).
   */
  public Optional<Moved> complete(
      Claim claim,
      int n,
      long nfe,
      Map<String, Double> metrics,
      Map<String, Double> stderr,
      List<Write> writes,
      byte[] finalState) {
    return tx.inTransaction(
        c -> {
          State experimentState = History.lockExperiment(c, claim.experimentId());
          if (!updateRunning(
              c,
              claim,
              "state = 'COMPLETED', version = version + 1, finished_at = now(), samples_done = ?,"
                  + " nfe = ?, checkpoint = NULL, checkpoint_done = NULL, checkpoint_nfe = NULL",
              n,
              nfe)) {
            return Optional.empty();
          }
          if (finalState != null) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE point SET checkpoint = ?, checkpoint_done = samples_done,"
                        + " checkpoint_nfe = nfe WHERE id = ?")) {
              ps.setBytes(1, finalState);
              ps.setObject(2, claim.pointId());
              ps.executeUpdate();
            }
          }
          insertMetrics(c, claim.pointId(), n, metrics, stderr);
          ExperimentMetrics.pointCompleted(c, claim.pointId());
          for (Write write : writes) {
            write.to(c);
          }
          History.pointMoved(
              c,
              claim.experimentId(),
              claim.pointId(),
              State.RUNNING,
              State.COMPLETED,
              claim.attempt(),
              claim.worker(),
              null);
          State after = History.syncExperiment(c, claim.experimentId(), experimentState);
          return Optional.of(
              new Moved(
                  claim.experimentId(), claim.pointId(), State.COMPLETED, claim.attempt(), after));
        });
  }

  /**
   * Gives a running point back after an error or a lost heartbeat: {@code RUNNING → QUEUED} while
   * it has attempts left, else {@code RUNNING → FAILED} with {@code error}.
   *
   * @param version the version the caller saw; empty result if the point moved on since
   */
  public Optional<Moved> releaseOrFail(
      UUID experimentId, UUID pointId, int version, String error, int maxAttempts) {
    return tx.inTransaction(
        c -> {
          State experimentState = History.lockExperiment(c, experimentId);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE point SET state = CASE WHEN attempt < ? THEN 'QUEUED' ELSE 'FAILED' END,"
                      + " version = version + 1, error = ?, heartbeat_at = NULL,"
                      + " queued_at = now(), finished_at = CASE WHEN attempt < ? THEN NULL ELSE now() END"
                      + " WHERE id = ? AND state = 'RUNNING' AND version = ?"
                      + " RETURNING state, attempt, worker")) {
            ps.setInt(1, maxAttempts);
            ps.setString(2, error);
            ps.setInt(3, maxAttempts);
            ps.setObject(4, pointId);
            ps.setInt(5, version);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              State to = State.valueOf(rs.getString(1));
              int attempt = rs.getInt(2);
              History.pointMoved(
                  c, experimentId, pointId, State.RUNNING, to, attempt, rs.getString(3), error);
              State after = History.syncExperiment(c, experimentId, experimentState);
              return Optional.of(new Moved(experimentId, pointId, to, attempt, after));
            }
          }
        });
  }

  /**
   * {@code RUNNING → FAILED} with {@code error}, attempts left or not: what fails for a reason no
   * retry changes (the input). Empty if the point is no longer held.
   */
  public Optional<Moved> fail(Claim claim, String error) {
    return leaveRunning(
        claim,
        State.FAILED,
        "state = 'FAILED', error = ?, finished_at = now()",
        error,
        claim.attempt());
  }

  /**
   * {@code RUNNING → QUEUED} without spending an attempt: the worker stopped for a reason of its
   * own (a graceful shutdown), not the point's. Empty if the point is no longer held.
   */
  public Optional<Moved> giveBack(Claim claim, String reason) {
    return leaveRunning(
        claim,
        State.QUEUED,
        "state = 'QUEUED', attempt = attempt - 1, error = ?, queued_at = now()",
        reason,
        claim.attempt() - 1);
  }

  /**
   * Moves a point {@code claim} still holds out of {@code RUNNING}: {@code set} (whose one
   * parameter is {@code why}), recorded in the history with {@code why}.
   *
   * @param attemptAfter the point's attempt count afterwards
   */
  private Optional<Moved> leaveRunning(
      Claim claim, State to, String set, String why, int attemptAfter) {
    return tx.inTransaction(
        c -> {
          State experimentState = History.lockExperiment(c, claim.experimentId());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE point SET "
                      + set
                      + ", version = version + 1, heartbeat_at = NULL"
                      + " WHERE id = ? AND state = 'RUNNING' AND version = ?")) {
            ps.setString(1, why);
            ps.setObject(2, claim.pointId());
            ps.setInt(3, claim.version());
            if (ps.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          History.pointMoved(
              c,
              claim.experimentId(),
              claim.pointId(),
              State.RUNNING,
              to,
              claim.attempt(),
              claim.worker(),
              why);
          State after = History.syncExperiment(c, claim.experimentId(), experimentState);
          return Optional.of(
              new Moved(claim.experimentId(), claim.pointId(), to, attemptAfter, after));
        });
  }

  /** A running point whose heartbeat is older than {@code staleAfter}. */
  public record Stale(UUID experimentId, UUID pointId, int version, String worker) {}

  public List<Stale> stale(Duration staleAfter) {
    return tx.inTransaction(
        c -> {
          List<Stale> stale = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT experiment_id, id, version, worker FROM point WHERE state = 'RUNNING'"
                      + " AND heartbeat_at < now() - make_interval(secs => ?)")) {
            ps.setDouble(1, staleAfter.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                stale.add(
                    new Stale(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        rs.getString(4)));
              }
            }
          }
          return stale;
        });
  }

  private static boolean updateRunning(Connection c, Claim claim, String set, int n, long nfe)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE point SET " + set + " WHERE id = ? AND state = 'RUNNING' AND version = ?")) {
      ps.setInt(1, n);
      ps.setLong(2, nfe);
      ps.setObject(3, claim.pointId());
      ps.setInt(4, claim.version());
      return ps.executeUpdate() == 1;
    }
  }

  private static void insertMetrics(
      Connection c, UUID pointId, int n, Map<String, Double> metrics, Map<String, Double> stderr)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO metric_value (point_id, metric, n_samples, value, stderr) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (point_id, metric, n_samples)"
                + " DO UPDATE SET value = EXCLUDED.value, stderr = EXCLUDED.stderr, at = now()")) {
      for (Map.Entry<String, Double> metric : metrics.entrySet()) {
        ps.setObject(1, pointId);
        ps.setString(2, metric.getKey());
        ps.setInt(3, n);
        ps.setObject(4, metric.getValue());
        ps.setObject(5, stderr.get(metric.getKey()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
