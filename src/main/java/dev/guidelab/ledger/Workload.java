package dev.guidelab.ledger;

import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the workers are doing and how fast, measured from the ledger alone: the work queued ahead of
 * a new experiment and the sweep throughput of the workers now active, from which the api estimates
 * how long a spec would take (docs/spec.md, "Cost").
 */
@ApplicationScoped
public class Workload {

  /** How far back completed points count towards a worker's measured throughput. */
  static final String MEASURED_OVER = "1 hour";

  /** A worker counts as active if it runs a point or finished one within this time. */
  static final String ACTIVE_WITHIN = "15 minutes";

  /**
   * The workload at one moment.
   *
   * @param workers workers that run a point now or finished one within the last 15 minutes
   * @param evaluationsPerSecond network evaluations per second those workers computed sweep points
   *     at over the last hour, summed over the workers (computed points only: reused and extended
   *     ones are left out); null when none of them has completed a computed sweep point in that
   *     time
   * @param queuedEvaluations the network evaluations still ahead of a new point: those of every
   *     queued point (at most) and the unfinished share of every running one
   */
  public record Now(int workers, Double evaluationsPerSecond, long queuedEvaluations) {}

  private final Transactions tx;

  public Workload(Transactions tx) {
    this.tx = tx;
  }

  /** The workload now. */
  public Now now() {
    return tx.inTransaction(Workload::now);
  }

  private static Now now(Connection c) throws SQLException {
    int workers = 0;
    Double rate = null;
    try (PreparedStatement ps =
            c.prepareStatement(
                "WITH active AS (SELECT DISTINCT worker FROM point WHERE worker IS NOT NULL AND"
                    + " (state = 'RUNNING' OR finished_at > now() - interval '"
                    + ACTIVE_WITHIN
                    + "')),"
                    + " measured AS (SELECT p.worker,"
                    + " sum(p.nfe)::double precision"
                    + " / sum(EXTRACT(EPOCH FROM p.finished_at - p.started_at)) AS rate"
                    + " FROM point p JOIN experiment e ON e.id = p.experiment_id"
                    + " WHERE e.kind = 'sweep' AND p.state = 'COMPLETED'"
                    + " AND p.reused_from IS NULL AND p.extended_from IS NULL"
                    + " AND p.started_at IS NOT NULL AND p.finished_at > p.started_at"
                    + " AND p.finished_at > now() - interval '"
                    + MEASURED_OVER
                    + "' GROUP BY p.worker)"
                    + " SELECT count(*), sum(m.rate)::double precision FROM active a"
                    + " LEFT JOIN measured m ON m.worker = a.worker");
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        workers = rs.getInt(1);
        rate = rs.getObject(2, Double.class);
      }
    }
    long queued = 0;
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT COALESCE(sum(CASE WHEN state = 'QUEUED' THEN evaluations"
                    + " ELSE evaluations * (samples - samples_done) / GREATEST(samples, 1) END), 0)"
                    + " FROM point WHERE state IN ('QUEUED', 'RUNNING')");
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        queued = rs.getLong(1);
      }
    }
    return new Now(workers, rate, queued);
  }
}
