package dev.guidelab.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.experiment.ExperimentSummary;
import dev.guidelab.experiment.ExperimentView;
import dev.guidelab.experiment.MetricSample;
import dev.guidelab.experiment.Page;
import dev.guidelab.experiment.PointView;
import dev.guidelab.experiment.State;
import dev.guidelab.guidance.spec.GuidanceParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read side of the ledger: experiment snapshots, the history list and metric time series. */
@ApplicationScoped
public class ExperimentQueries {

  private final Transactions tx;
  private final ObjectMapper json;

  public ExperimentQueries(Transactions tx, ObjectMapper json) {
    this.tx = tx;
    this.json = json;
  }

  /** The experiment with every point and its latest metrics (one consistent read). */
  public Optional<ExperimentView> find(UUID id) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, owner, state, spec_hash, created_at, updated_at, finished_at, spec::text"
                      + " FROM experiment WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new ExperimentView(
                      id,
                      rs.getString(1),
                      rs.getString(2),
                      State.valueOf(rs.getString(3)),
                      rs.getString(4),
                      instant(rs.getTimestamp(5)),
                      instant(rs.getTimestamp(6)),
                      instant(rs.getTimestamp(7)),
                      readTree(rs.getString(8)),
                      points(c, id)));
            }
          }
        });
  }

  /**
   * One page of the history, newest first.
   *
   * @param state only experiments in this state, or null for all
   */
  public Page<ExperimentSummary> list(State state, int page, int size) {
    return tx.inTransaction(
        c -> {
          String where = state == null ? "" : " WHERE e.state = ?";
          long total;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM experiment e" + where)) {
            if (state != null) {
              ps.setString(1, state.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          List<ExperimentSummary> items = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT e.id, e.name, e.owner, e.state, e.spec_hash, e.created_at, e.finished_at,"
                      + " (SELECT count(*) FROM point p WHERE p.experiment_id = e.id),"
                      + " (SELECT count(*) FROM point p WHERE p.experiment_id = e.id AND p.state = 'COMPLETED')"
                      + " FROM experiment e"
                      + where
                      + " ORDER BY e.created_at DESC, e.id LIMIT ? OFFSET ?")) {
            int i = 1;
            if (state != null) {
              ps.setString(i++, state.name());
            }
            ps.setInt(i++, size);
            ps.setLong(i, (long) page * size);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(
                    new ExperimentSummary(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        State.valueOf(rs.getString(4)),
                        rs.getString(5),
                        instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)),
                        rs.getInt(8),
                        rs.getInt(9)));
              }
            }
          }
          return new Page<>(items, page, size, total);
        });
  }

  /** Every stored metric value of the experiment (partial and final), by point, metric and n. */
  public List<MetricSample> series(UUID experimentId) {
    return tx.inTransaction(
        c -> {
          List<MetricSample> series = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT m.point_id, m.metric, m.n_samples, m.value FROM metric_value m"
                      + " JOIN point p ON p.id = m.point_id WHERE p.experiment_id = ?"
                      + " ORDER BY p.ordinal, m.metric, m.n_samples")) {
            ps.setObject(1, experimentId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                series.add(
                    new MetricSample(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getObject(4, Double.class)));
              }
            }
          }
          return series;
        });
  }

  private List<PointView> points(Connection c, UUID experimentId) throws SQLException {
    Map<UUID, Map<String, Double>> latest = latestMetrics(c, experimentId);
    List<PointView> points = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, ordinal, params::text, seed, samples, state, attempt, worker, samples_done, nfe,"
                + " started_at, finished_at, error FROM point WHERE experiment_id = ? ORDER BY ordinal")) {
      ps.setObject(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          GuidanceParams params = read(rs.getString(3), GuidanceParams.class);
          int samplesDone = rs.getInt(9);
          points.add(
              new PointView(
                  id,
                  rs.getInt(2),
                  params.label(),
                  params,
                  rs.getLong(4),
                  rs.getInt(5),
                  State.valueOf(rs.getString(6)),
                  rs.getInt(7),
                  rs.getString(8),
                  samplesDone,
                  samplesDone == 0 ? 0 : (double) rs.getLong(10) / samplesDone,
                  instant(rs.getTimestamp(11)),
                  instant(rs.getTimestamp(12)),
                  rs.getString(13),
                  latest.getOrDefault(id, Map.of())));
        }
      }
    }
    return points;
  }

  /** For each point, its metrics at the largest stored n. */
  private static Map<UUID, Map<String, Double>> latestMetrics(Connection c, UUID experimentId)
      throws SQLException {
    Map<UUID, Map<String, Double>> latest = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT ON (m.point_id, m.metric) m.point_id, m.metric, m.value FROM metric_value m"
                + " JOIN point p ON p.id = m.point_id WHERE p.experiment_id = ?"
                + " ORDER BY m.point_id, m.metric, m.n_samples DESC")) {
      ps.setObject(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          latest
              .computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
              .put(rs.getString(2), rs.getObject(3, Double.class));
        }
      }
    }
    return latest;
  }

  private com.fasterxml.jackson.databind.JsonNode readTree(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T read(String text, Class<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
