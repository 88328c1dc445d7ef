package dev.guidelab.ledger;

import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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

  /**
   * {@code active}: the workers that run a point or finished one within {@link #ACTIVE_WITHIN},
   * each with the device recorded with its latest claim of those points; {@code measured}: each
   * worker's sweep throughput over {@link #MEASURED_OVER}, in network evaluations per second, from
   * the points it computed (not reused, not extended).
   */
  private static final String WORKERS =
      "active AS (SELECT DISTINCT ON (worker) worker, device FROM point"
          + " WHERE worker IS NOT NULL AND (state = 'RUNNING' OR finished_at > now() - interval '"
          + ACTIVE_WITHIN
          + "') ORDER BY worker, started_at DESC NULLS LAST),"
          + " measured AS (SELECT p.worker,"
          + " sum(p.nfe)::double precision"
          + " / sum(EXTRACT(EPOCH FROM p.finished_at - p.started_at)) AS rate"
          + " FROM point p JOIN experiment e ON e.id = p.experiment_id"
          + " WHERE e.kind = 'sweep' AND p.state = 'COMPLETED'"
          + " AND p.reused_from IS NULL AND p.extended_from IS NULL"
          + " AND p.started_at IS NOT NULL AND p.finished_at > p.started_at"
          + " AND p.finished_at > now() - interval '"
          + MEASURED_OVER
          + "' GROUP BY p.worker)";

  private static Now now(Connection c) throws SQLException {
    int workers = 0;
    Double rate = null;
    try (PreparedStatement ps =
            c.prepareStatement(
                "WITH "
                    + WORKERS
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

  /**
   * A worker now active.
   *
   * @param device the device it computes on ({@link Claimant}), as recorded with its latest claim;
   *     null when that claim predates devices being recorded
   * @param evaluationsPerSecond its measured sweep throughput; null before it computed a sweep
   *     point within the hour
   * @param running the point it runs, or null when idle
   */
  public record Worker(
      String name,
      @Schema(nullable = true) String device,
      @Schema(nullable = true) Double evaluationsPerSecond,
      @Schema(nullable = true) RunningPoint running) {}

  /** The point a worker runs. */
  public record RunningPoint(
      UUID experimentId,
      String experimentName,
      UUID pointId,
      String label,
      int samplesDone,
      int samples) {}

  /**
   * An experiment with queued points.
   *
   * @param points its queued points
   * @param evaluations their network evaluations, at most
   */
  public record Queued(
      UUID experimentId,
      String name,
      String owner,
      int priority,
      int points,
      long evaluations,
      Instant createdAt) {}

  /**
   * The queue as the workers see it.
   *
   * @param workers the workers now active, by name
   * @param queued the experiments with queued points in the order they are served now (the first is
   *     claimed from next; owners of equal priority take turns, so the order moves as points are
   *     claimed), at most {@code limit} of them
   * @param more how many more experiments with queued points there are
   */
  public record Queue(List<Worker> workers, List<Queued> queued, int more) {}

  /** The queue now, with at most {@code limit} queued experiments. */
  public Queue queue(int limit) {
    return tx.inTransaction(c -> queue(c, limit));
  }

  private static Queue queue(Connection c, int limit) throws SQLException {
    List<Worker> workers = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "WITH "
                    + WORKERS
                    + " SELECT a.worker, m.rate, e.id, e.name, p.id, p.label, p.samples_done,"
                    + " p.samples, a.device FROM active a LEFT JOIN measured m ON m.worker = a.worker"
                    + " LEFT JOIN point p ON p.worker = a.worker AND p.state = 'RUNNING'"
                    + " LEFT JOIN experiment e ON e.id = p.experiment_id ORDER BY a.worker");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        UUID pointId = rs.getObject(5, UUID.class);
        workers.add(
            new Worker(
                rs.getString(1),
                rs.getString(9),
                rs.getObject(2, Double.class),
                pointId == null
                    ? null
                    : new RunningPoint(
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        pointId,
                        rs.getString(6),
                        rs.getInt(7),
                        rs.getInt(8))));
      }
    }
    List<Queued> queued = new ArrayList<>();
    int total = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH "
                + ClaimOrder.RUNNING_BY_OWNER
                + ", waiting AS (SELECT experiment_id, count(*) AS points,"
                + " sum(evaluations) AS evaluations FROM point WHERE state = 'QUEUED'"
                + " GROUP BY experiment_id)"
                + " SELECT e.id, e.name, e.owner, e.priority, w.points, w.evaluations,"
                + " e.created_at, count(*) OVER () FROM experiment e"
                + " JOIN waiting w ON w.experiment_id = e.id"
                + " LEFT JOIN running ON running.owner = e.owner"
                + " LEFT JOIN owner_turn t ON t.owner = e.owner"
                + ClaimOrder.ORDER
                + " LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          queued.add(
              new Queued(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getInt(5),
                  rs.getLong(6),
                  rs.getTimestamp(7).toInstant()));
          total = rs.getInt(8);
        }
      }
    }
    return new Queue(workers, queued, Math.max(0, total - queued.size()));
  }
}
