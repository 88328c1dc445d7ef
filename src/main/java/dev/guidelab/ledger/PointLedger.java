package dev.guidelab.ledger;

import dev.guidelab.db.JsonColumns;
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

  /** A point to (re)publish on the work topic. */
  public record Queued(UUID experimentId, UUID pointId) {}

  /**
   * Attempts after which {@link #claimNext} takes the first queued point of the experiment it has
   * locked even if, by then, another experiment's point would come first.
   */
  private static final int STRICT_ATTEMPTS = 5;

  /** What one transaction of {@link #claimNext} came to: a claim, or the next best point. */
  private record Attempt(Optional<Claim> claim, Optional<ClaimOrder.Best> next) {}

  private final Transactions tx;
  private final JsonColumns json;

  public PointLedger(Transactions tx, JsonColumns json) {
    this.tx = tx;
    this.json = json;
  }

  /**
   * Claims the best queued point of any experiment for {@code worker} (ARCHITECTURE.md, "Which
   * point a worker claims"): {@code QUEUED → RUNNING}, attempt and version bumped. Safe under
   * concurrent claimers: each point is claimed once.
   *
   * <p>The claim locks the best point's experiment first, as every point transition does ({@code
   * History.lockExperiment}); holding it, nobody else claims, cancels or finishes a point of that
   * experiment. It then looks again: if the best point is still that experiment's, it is claimed;
   * if other claims moved the best point elsewhere meanwhile, the transaction ends and the claim
   * starts over there (after {@value #STRICT_ATTEMPTS} attempts it takes the locked experiment's
   * first queued point, if any).
   *
   * @return the claim, or empty if no point is queued
   */
  public Optional<Claim> claimNext(String worker) {
    Optional<ClaimOrder.Best> best = tx.inTransaction(ClaimOrder::best);
    for (int attempt = 1; best.isPresent(); attempt++) {
      UUID experimentId = best.get().experimentId();
      boolean strict = attempt < STRICT_ATTEMPTS;
      Attempt result =
          tx.inTransaction(
              c -> {
                State experimentState = History.lockExperiment(c, experimentId);
                Optional<ClaimOrder.Best> now = ClaimOrder.best(c);
                if (now.isEmpty()) {
                  return new Attempt(Optional.empty(), now);
                }
                Optional<UUID> pointId =
                    now.get().experimentId().equals(experimentId)
                        ? Optional.of(now.get().pointId())
                        : strict ? Optional.empty() : ClaimOrder.firstQueued(c, experimentId);
                if (pointId.isEmpty()) {
                  return new Attempt(Optional.empty(), now);
                }
                return new Attempt(
                    take(c, experimentId, pointId.get(), worker, experimentState),
                    Optional.empty());
              });
      if (result.claim().isPresent()) {
        return result.claim();
      }
      best = result.next();
    }
    return Optional.empty();
  }

  /**
   * Claims one named point for {@code worker}, if it is queued: {@code QUEUED → RUNNING}, attempt
   * and version bumped. Workers claim with {@link #claimNext}; this is for tests that need one
   * particular point running.
   *
   * @return the claim, or empty if the point is not queued (already claimed, finished or cancelled)
   */
  public Optional<Claim> claim(UUID experimentId, UUID pointId, String worker) {
    return tx.inTransaction(
        c -> take(c, experimentId, pointId, worker, History.lockExperiment(c, experimentId)));
  }

  /**
   * The one claim transition, in a transaction holding the experiment's lock: moves the point to
   * {@code RUNNING} for {@code worker} if it is queued, records it in the history, the experiment's
   * derived state and its owner's turn ({@link ClaimOrder#served}).
   *
   * @param experimentState the experiment's state as locked
   * @return the claim, or empty if the point is not queued
   */
  private Optional<Claim> take(
      Connection c, UUID experimentId, UUID pointId, String worker, State experimentState)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE point p SET state = 'RUNNING', worker = ?, attempt = attempt + 1,"
                + " version = version + 1, started_at = now(), heartbeat_at = now(), samples_done = 0"
                + " FROM experiment e WHERE p.id = ? AND p.experiment_id = ? AND p.state = 'QUEUED'"
                + " AND e.id = p.experiment_id"
                + " RETURNING p.attempt, p.version, p.seed, p.samples, e.kind, e.resolved::text,"
                + " p.params::text, p.checkpoint, p.checkpoint_done, p.checkpoint_nfe, e.owner")) {
      ps.setString(1, worker);
      ps.setObject(2, pointId);
      ps.setObject(3, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        int attempt = rs.getInt(1);
        History.pointMoved(
            c, experimentId, pointId, State.QUEUED, State.RUNNING, attempt, worker, null);
        State after = History.syncExperiment(c, experimentId, experimentState);
        ClaimOrder.served(c, rs.getString(11));
        return Optional.of(
            new Claim(
                experimentId,
                pointId,
                attempt,
                rs.getInt(2),
                worker,
                rs.getLong(3),
                rs.getInt(4),
                new ExperimentKind(rs.getString(5)),
                rs.getString(6) == null ? null : json.tree(rs.getString(6)),
                json.tree(rs.getString(7)),
                rs.getBytes(8) == null
                    ? null
                    : new Checkpoint(rs.getInt(9), rs.getLong(10), rs.getBytes(8)),
                after));
      }
    }
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
   * empty (and nothing written) if the point is no longer held.
   */
  public Optional<Moved> complete(
      Claim claim,
      int n,
      long nfe,
      Map<String, Double> metrics,
      Map<String, Double> stderr,
      List<Write> writes) {
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
          insertMetrics(c, claim.pointId(), n, metrics, stderr);
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
    return tx.inTransaction(
        c -> {
          State experimentState = History.lockExperiment(c, claim.experimentId());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE point SET state = 'FAILED', version = version + 1, error = ?,"
                      + " heartbeat_at = NULL, finished_at = now()"
                      + " WHERE id = ? AND state = 'RUNNING' AND version = ?")) {
            ps.setString(1, error);
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
              State.FAILED,
              claim.attempt(),
              claim.worker(),
              error);
          State after = History.syncExperiment(c, claim.experimentId(), experimentState);
          return Optional.of(
              new Moved(
                  claim.experimentId(), claim.pointId(), State.FAILED, claim.attempt(), after));
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

  /**
   * Queued points whose work message went out longer than {@code after} ago (lost publish, broker
   * down); marks them published now, so each is returned once per period.
   */
  public List<Queued> undelivered(Duration after) {
    return tx.inTransaction(
        c -> {
          List<Queued> queued = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE point SET queued_at = now() WHERE state = 'QUEUED'"
                      + " AND queued_at < now() - make_interval(secs => ?) RETURNING experiment_id, id")) {
            ps.setDouble(1, after.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                queued.add(new Queued(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
              }
            }
          }
          return queued;
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
