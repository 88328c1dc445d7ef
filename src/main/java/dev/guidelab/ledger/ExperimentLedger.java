package dev.guidelab.ledger;

import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The api-side writes: an experiment and its points come into being together, and are cancelled
 * together.
 */
@ApplicationScoped
public class ExperimentLedger {

  /**
   * A stored experiment: its point ids in sweep order, and those of them that are queued (the
   * others reused a completed point's results and are completed already).
   */
  public record Created(UUID experimentId, List<UUID> pointIds, List<UUID> queued) {}

  /** A point cancelled by {@link #cancel}, with the experiment's state once it is (see there). */
  public record Cancelled(UUID pointId, State experimentState) {}

  /**
   * Lowest, default and highest priority of an experiment: workers claim the queued points of
   * higher priorities first ({@link PointClaims#claimNext}).
   */
  public static final int MIN_PRIORITY = -10;

  public static final int DEFAULT_PRIORITY = 0;
  public static final int MAX_PRIORITY = 10;

  private final Transactions tx;
  private final JsonColumns json;
  private final String version;

  /**
   * @param version the running Guidelab version, recorded with every experiment it accepts
   */
  public ExperimentLedger(
      Transactions tx,
      JsonColumns json,
      @ConfigProperty(name = "quarkus.application.version") String version) {
    this.tx = tx;
    this.json = json;
    this.version = version;
  }

  /**
   * What to store for a new experiment.
   *
   * @param resolved the form workers read, a record of the kind's type (stored as JSON)
   * @param pins the content hash of everything it uses, as resolved at submission (the record
   *     people read)
   * @param points the points, in order
   * @param samples work units of every point: samples to draw, or iterations to train
   * @param priority {@value #MIN_PRIORITY}..{@value #MAX_PRIORITY}: its queued points are claimed
   *     before those of lower priorities
   * @param reuse whether a point reuses a completed point's results, or continues one of fewer
   *     samples ({@link #reusable}), instead of being computed; false for kinds whose points are
   *     never reused
   */
  public record NewExperiment(
      ExperimentKind kind,
      String name,
      String owner,
      String specJson,
      String specHash,
      Object resolved,
      Pins pins,
      List<NewPoint> points,
      int samples,
      int priority,
      boolean reuse) {

    public NewExperiment {
      if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
        throw new IllegalArgumentException(
            "priority must be in " + MIN_PRIORITY + ".." + MAX_PRIORITY + ", got " + priority);
      }
    }
  }

  /**
   * A point to create: its label, its parameters (stored as JSON), its own main model (a sweep
   * point's, when not the experiment's; else null), the post-hoc EMA widths its models are
   * addressed at (null if none), its base seed, the network evaluations it may take at most (what
   * quotas count: samples × NFE per sample for a sweep point), its content hash ({@code
   * work.PointContent}), null for a point whose results are never reused, and a sweep point's
   * guidance weight w, null for an unguided one and for other kinds (the history's values at a
   * weight, {@link MetricColumns}).
   */
  public record NewPoint(
      String label,
      Object params,
      String main,
      PointView.Ema ema,
      long seed,
      long evaluations,
      String content,
      Double weight) {

    /** A point of the experiment's own models whose results are never reused. */
    public NewPoint(String label, Object params, long seed, long evaluations) {
      this(label, params, null, null, seed, evaluations, null, null);
    }
  }

  /**
   * The completed points the points of {@code experiment} reuse or extend ({@link Reuse}), by the
   * index of the point in {@code experiment.points()}: one of equal content and samples whose
   * results it takes, or else one of equal content and fewer samples, at least {@code extendFrom},
   * that kept its final state, which it continues. Empty if the experiment does not reuse.
   */
  public Map<Integer, Reuse.Source> reusable(NewExperiment experiment, int extendFrom) {
    if (!experiment.reuse()) {
      return Map.of();
    }
    return tx.inTransaction(
        c -> Reuse.sources(c, experiment.points(), experiment.samples(), extendFrom));
  }

  /**
   * Stores the experiment and its points in one transaction: a point with a source ({@link
   * #reusable}) to reuse {@code COMPLETED} with a copy of its results, every other one {@code
   * QUEUED}, those with a source to extend with its final state as their checkpoint.
   *
   * @return the new experiment's id and its points' ids, numbered by {@code ordinal} in order
   */
  public Created create(NewExperiment experiment, Map<Integer, Reuse.Source> sources) {
    UUID experimentId = UUID.randomUUID();
    List<NewPoint> points = experiment.points();
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO experiment"
                      + " (id, kind, name, owner, spec, spec_hash, resolved, pins, guidelab_version,"
                      + " priority, state)"
                      + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?, 'QUEUED')")) {
            ps.setObject(1, experimentId);
            ps.setString(2, experiment.kind().name());
            ps.setString(3, experiment.name());
            ps.setString(4, experiment.owner());
            ps.setString(5, experiment.specJson());
            ps.setString(6, experiment.specHash());
            ps.setString(7, json.write(experiment.resolved()));
            ps.setString(8, json.write(experiment.pins()));
            ps.setString(9, version);
            ps.setInt(10, experiment.priority());
            ps.executeUpdate();
          }
          History.created(c, experimentId, null);
          List<UUID> pointIds = new ArrayList<>(points.size());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO point (id, experiment_id, ordinal, label, params, seed, samples,"
                      + " evaluations, content_hash, main, ema, weight, state)"
                      + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?, 'QUEUED')")) {
            for (int i = 0; i < points.size(); i++) {
              UUID pointId = UUID.randomUUID();
              pointIds.add(pointId);
              ps.setObject(1, pointId);
              ps.setObject(2, experimentId);
              ps.setInt(3, i);
              ps.setString(4, points.get(i).label());
              ps.setString(5, json.write(points.get(i).params()));
              ps.setLong(6, points.get(i).seed());
              ps.setInt(7, experiment.samples());
              ps.setLong(8, points.get(i).evaluations());
              ps.setString(9, points.get(i).content());
              ps.setString(10, points.get(i).main());
              ps.setString(
                  11, points.get(i).ema() == null ? null : json.write(points.get(i).ema()));
              ps.setObject(12, points.get(i).weight(), Types.DOUBLE);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          List<UUID> queued = new ArrayList<>(pointIds);
          for (UUID pointId : pointIds) {
            History.created(c, experimentId, pointId);
          }
          for (Map.Entry<Integer, Reuse.Source> source : sources.entrySet()) {
            UUID pointId = pointIds.get(source.getKey());
            UUID sourceId = source.getValue().pointId();
            if (source.getValue().extension()) {
              Reuse.extend(c, pointId, sourceId);
            } else if (Reuse.complete(c, pointId, sourceId)) {
              History.pointReused(c, experimentId, pointId);
              queued.remove(pointId);
            }
          }
          if (queued.size() < pointIds.size()) {
            History.syncExperiment(c, experimentId, State.QUEUED);
          }
          return new Created(experimentId, pointIds, queued);
        });
  }

  /**
   * The stored experiment {@code id} as a new one for {@code owner} to create: the same kind, name,
   * spec, spec hash, resolved form, pins, priority and points (labels, parameters, seeds, samples,
   * contents), reusing results unless its spec said {@code "reuse": false}. Nothing is parsed or
   * resolved again, so it runs to the same numbers under whatever rules hold now.
   */
  public Optional<NewExperiment> again(UUID id, String owner) {
    return tx.inTransaction(
        c -> {
          List<NewPoint> points = new ArrayList<>();
          int samples = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT label, params::text, seed, samples, evaluations, content_hash, main,"
                      + " ema::text, weight FROM point WHERE experiment_id = ?"
                      + " ORDER BY ordinal")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                points.add(
                    new NewPoint(
                        rs.getString(1),
                        json.tree(rs.getString(2)),
                        rs.getString(7),
                        rs.getString(8) == null
                            ? null
                            : json.read(rs.getString(8), PointView.Ema.class),
                        rs.getLong(3),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getObject(9, Double.class)));
                samples = rs.getInt(4);
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT kind, name, spec::text, spec_hash, resolved::text, pins::text,"
                      + " priority, COALESCE((spec ->> 'reuse')::boolean, true)"
                      + " FROM experiment WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new NewExperiment(
                      new ExperimentKind(rs.getString(1)),
                      rs.getString(2),
                      owner,
                      rs.getString(3),
                      rs.getString(4),
                      json.tree(rs.getString(5)),
                      json.read(rs.getString(6), Pins.class),
                      points,
                      samples,
                      rs.getInt(7),
                      rs.getBoolean(8)));
            }
          }
        });
  }

  /**
   * Cancels every queued or running point: {@code → CANCELLED}. Workers see it at their next batch.
   *
   * <p>Each cancelled point comes with the experiment's state as it is once the cancellations
   * before it in the list are applied: the state it had for all but the last, the final one (e.g.
   * {@code CANCELLED}) for the last. Published in that order, a stream that ends with the
   * experiment's final state has delivered every point's cancellation first.
   *
   * @param actor the user who cancels, recorded with each transition
   * @return the cancelled points, or empty if the experiment does not exist
   */
  public Optional<List<Cancelled>> cancel(UUID experimentId, String actor) {
    // Updates every active point of the experiment while workers write to them: a fresh-clone run
    // saw PostgreSQL end a cancel as a deadlock's victim (the other side was not identified).
    return tx.inTransactionRetryingDeadlocks(
        c -> {
          State current;
          try {
            current = History.lockExperiment(c, experimentId);
          } catch (IllegalStateException missing) {
            return Optional.empty();
          }
          List<UUID> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "WITH old AS (SELECT id, state FROM point WHERE experiment_id = ?"
                      + " AND state IN ('QUEUED', 'RUNNING'))"
                      + " UPDATE point p SET state = 'CANCELLED', version = p.version + 1, finished_at = now()"
                      + " FROM old WHERE p.id = old.id RETURNING p.id, old.state, p.attempt, p.worker")) {
            ps.setObject(1, experimentId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                UUID pointId = rs.getObject(1, UUID.class);
                ids.add(pointId);
                History.pointMoved(
                    c,
                    experimentId,
                    pointId,
                    State.valueOf(rs.getString(2)),
                    State.CANCELLED,
                    rs.getInt(3),
                    rs.getString(4),
                    null,
                    actor);
              }
            }
          }
          State after = History.syncExperiment(c, experimentId, current);
          List<Cancelled> cancelled = new ArrayList<>();
          for (int i = 0; i < ids.size(); i++) {
            cancelled.add(new Cancelled(ids.get(i), i == ids.size() - 1 ? after : current));
          }
          return Optional.of(cancelled);
        });
  }

  /**
   * Deletes the uploads ({@code db.Uploads}) that no queued or running experiment needs any more
   * (an experiment needs the one its resolved form names as {@code upload}) and that are older than
   * {@code grace} (a submission stores its upload just before its experiment).
   *
   * @return how many were deleted
   */
  public int deleteUnneededUploads(Duration grace) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM upload u WHERE u.created_at < now() - make_interval(secs => ?)"
                      + " AND NOT EXISTS (SELECT 1 FROM experiment e WHERE e.state IN"
                      + " ('QUEUED', 'RUNNING') AND e.resolved ->> 'upload' = u.sha256)")) {
            ps.setDouble(1, grace.toMillis() / 1000.0);
            return ps.executeUpdate();
          }
        });
  }
}
