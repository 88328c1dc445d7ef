package dev.guidelab.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.experiment.ExperimentSpec;
import dev.guidelab.experiment.State;
import dev.guidelab.guidance.spec.GuidanceParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The api-side writes: an experiment and its points come into being together, and are cancelled
 * together.
 */
@ApplicationScoped
public class ExperimentLedger {

  /** A stored experiment and its point ids in sweep order. */
  public record Created(UUID experimentId, List<UUID> pointIds) {}

  /** A point cancelled by {@link #cancel}, with the experiment's state afterwards. */
  public record Cancelled(UUID pointId, State experimentState) {}

  private final Transactions tx;
  private final ObjectMapper json;

  public ExperimentLedger(Transactions tx, ObjectMapper json) {
    this.tx = tx;
    this.json = json;
  }

  /**
   * Stores the experiment and one {@code QUEUED} point per sweep point in one transaction.
   *
   * @return the new experiment's id and its points' ids, numbered by {@code ordinal} in sweep order
   */
  public Created create(ExperimentSpec spec, String specJson, String specHash) {
    UUID experimentId = UUID.randomUUID();
    List<GuidanceParams> points = spec.points();
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO experiment (id, name, owner, spec, spec_hash, state)"
                      + " VALUES (?, ?, ?, ?::jsonb, ?, 'QUEUED')")) {
            ps.setObject(1, experimentId);
            ps.setString(2, spec.name());
            ps.setString(3, spec.owner());
            ps.setString(4, specJson);
            ps.setString(5, specHash);
            ps.executeUpdate();
          }
          History.created(c, experimentId, null);
          List<UUID> pointIds = new ArrayList<>(points.size());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO point (id, experiment_id, ordinal, params, seed, samples, state)"
                      + " VALUES (?, ?, ?, ?::jsonb, ?, ?, 'QUEUED')")) {
            for (int i = 0; i < points.size(); i++) {
              UUID pointId = UUID.randomUUID();
              pointIds.add(pointId);
              ps.setObject(1, pointId);
              ps.setObject(2, experimentId);
              ps.setInt(3, i);
              ps.setString(4, toJson(points.get(i)));
              ps.setLong(5, spec.seed());
              ps.setInt(6, spec.samples());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          for (UUID pointId : pointIds) {
            History.created(c, experimentId, pointId);
          }
          return new Created(experimentId, pointIds);
        });
  }

  /**
   * Cancels every queued or running point: {@code → CANCELLED}. Workers see it at their next batch.
   *
   * @return the cancelled points, or empty if the experiment does not exist
   */
  public Optional<List<Cancelled>> cancel(UUID experimentId) {
    return tx.inTransaction(
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
                    null);
              }
            }
          }
          State after = History.syncExperiment(c, experimentId, current);
          return Optional.of(ids.stream().map(id -> new Cancelled(id, after)).toList());
        });
  }

  private String toJson(GuidanceParams params) {
    try {
      return json.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
