package dev.guidelab.ledger;

import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * How workers claim points: {@code QUEUED → RUNNING}, attempt and version bumped, the one
 * transition every later write of the point is conditional on ({@link PointLedger}).
 */
@ApplicationScoped
public class PointClaims {

  /**
   * Attempts after which {@link #claimNext} takes the first queued point of the experiment it has
   * locked even if, by then, another experiment's point would come first.
   */
  private static final int STRICT_ATTEMPTS = 5;

  /** What one transaction of {@link #claimNext} came to: a claim, or the next best point. */
  private record Attempt(Optional<Claim> claim, Optional<ClaimOrder.Best> next) {}

  private final Transactions tx;
  private final JsonColumns json;

  public PointClaims(Transactions tx, JsonColumns json) {
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
  public Optional<Claim> claimNext(Claimant worker) {
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
  public Optional<Claim> claim(UUID experimentId, UUID pointId, Claimant worker) {
    return tx.inTransaction(
        c -> take(c, experimentId, pointId, worker, History.lockExperiment(c, experimentId)));
  }

  /**
   * The one claim transition, in a transaction holding the experiment's lock: moves the point to
   * {@code RUNNING} for {@code worker} if it is queued, recording the worker's name and device on
   * the point (the one place they are written), records it in the history, the experiment's derived
   * state and its owner's turn ({@link ClaimOrder#served}).
   *
   * @param experimentState the experiment's state as locked
   * @return the claim, or empty if the point is not queued
   */
  private Optional<Claim> take(
      Connection c, UUID experimentId, UUID pointId, Claimant worker, State experimentState)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE point p SET state = 'RUNNING', worker = ?, device = ?, attempt = attempt + 1,"
                + " version = version + 1, started_at = now(), heartbeat_at = now(),"
                + " samples_done = COALESCE(p.checkpoint_done, 0)"
                + " FROM experiment e WHERE p.id = ? AND p.experiment_id = ? AND p.state = 'QUEUED'"
                + " AND e.id = p.experiment_id"
                + " RETURNING p.attempt, p.version, p.seed, p.samples, e.kind, e.resolved::text,"
                + " p.params::text, p.checkpoint, p.checkpoint_done, p.checkpoint_nfe, e.owner,"
                + " EXTRACT(EPOCH FROM now() - p.queued_at), p.main")) {
      ps.setString(1, worker.name());
      ps.setString(2, worker.device());
      ps.setObject(3, pointId);
      ps.setObject(4, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        int attempt = rs.getInt(1);
        History.pointMoved(
            c, experimentId, pointId, State.QUEUED, State.RUNNING, attempt, worker.name(), null);
        State after = History.syncExperiment(c, experimentId, experimentState);
        ClaimOrder.served(c, rs.getString(11));
        return Optional.of(
            new Claim(
                experimentId,
                pointId,
                attempt,
                rs.getInt(2),
                worker.name(),
                worker.device(),
                rs.getLong(3),
                rs.getInt(4),
                new ExperimentKind(rs.getString(5)),
                rs.getString(6) == null ? null : json.tree(rs.getString(6)),
                json.tree(rs.getString(7)),
                rs.getString(13),
                rs.getBytes(8) == null
                    ? null
                    : new Checkpoint(rs.getInt(9), rs.getLong(10), rs.getBytes(8)),
                after,
                Duration.ofNanos(Math.max(0, Math.round(rs.getDouble(12) * 1e9)))));
      }
    }
  }
}
