package dev.guidelab.ledger;

import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
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
  private final JsonColumns json;

  public ExperimentQueries(Transactions tx, JsonColumns json) {
    this.tx = tx;
    this.json = json;
  }

  /** The experiment with every point and its latest metrics (one consistent read). */
  public Optional<ExperimentView> find(UUID id) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, owner, state, spec_hash, created_at, updated_at, finished_at, spec::text,"
                      + " kind, pins::text, guidelab_version, tags, note, starred, archived_at"
                      + " FROM experiment WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new ExperimentView(
                      id,
                      new ExperimentKind(rs.getString(9)),
                      rs.getString(1),
                      rs.getString(2),
                      State.valueOf(rs.getString(3)),
                      rs.getString(4),
                      json.read(rs.getString(10), Pins.class),
                      rs.getString(11),
                      instant(rs.getTimestamp(5)),
                      instant(rs.getTimestamp(6)),
                      instant(rs.getTimestamp(7)),
                      json.tree(rs.getString(8)),
                      points(c, id),
                      tags(rs.getArray(12)),
                      rs.getString(13),
                      rs.getBoolean(14),
                      instant(rs.getTimestamp(15))));
            }
          }
        });
  }

  /**
   * The newest queued or running experiment of {@code kind} with spec hash {@code specHash}: the
   * same computation, already under way.
   */
  public Optional<UUID> active(ExperimentKind kind, String specHash) {
    return first(
        "SELECT id FROM experiment WHERE kind = ? AND spec_hash = ?"
            + " AND state IN ('QUEUED', 'RUNNING') ORDER BY created_at DESC LIMIT 1",
        kind.name(),
        specHash);
  }

  /** The newest queued or running experiment of {@code kind} named {@code name}. */
  public Optional<UUID> activeNamed(ExperimentKind kind, String name) {
    return first(
        "SELECT id FROM experiment WHERE kind = ? AND name = ?"
            + " AND state IN ('QUEUED', 'RUNNING') ORDER BY created_at DESC LIMIT 1",
        kind.name(),
        name);
  }

  /** The newest experiment of {@code kind} with spec hash {@code specHash}, in any state. */
  public Optional<UUID> newest(ExperimentKind kind, String specHash) {
    return first(
        "SELECT id FROM experiment WHERE kind = ? AND spec_hash = ?"
            + " ORDER BY created_at DESC LIMIT 1",
        kind.name(),
        specHash);
  }

  /** What a user has in flight: queued and running points and the evaluations they may take. */
  public record InFlight(long points, long evaluations) {}

  /** What {@code owner}'s experiments have in flight now. */
  public InFlight inFlight(String owner) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*), coalesce(sum(p.evaluations), 0) FROM point p"
                      + " JOIN experiment e ON e.id = p.experiment_id"
                      + " WHERE e.owner = ? AND p.state IN ('QUEUED', 'RUNNING')")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new InFlight(rs.getLong(1), rs.getLong(2));
            }
          }
        });
  }

  private Optional<UUID> first(String sql, String first, String second) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, first);
            ps.setString(2, second);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
          }
        });
  }

  /**
   * The columns of an {@link ExperimentSummary} ({@link #summary(ResultSet)}), from {@code e}.
   *
   * @param metrics the SQL of its {@code best} and {@code at_weight} columns
   */
  static String summaryColumns(String metrics) {
    return "SELECT e.id, e.kind, e.name, e.owner, e.state, e.spec_hash, e.created_at, e.finished_at,"
        + " (SELECT count(*) FROM point p WHERE p.experiment_id = e.id),"
        + " (SELECT count(*) FROM point p WHERE p.experiment_id = e.id AND p.state = 'COMPLETED'),"
        + " (SELECT count(*) FROM point p WHERE p.experiment_id = e.id"
        + " AND p.reused_from IS NOT NULL),"
        + " e.tags, e.note, e.starred, e.archived_at, "
        + metrics
        + " FROM experiment e";
  }

  /** The experiment as a row of the history, or empty if it does not exist. */
  public Optional<ExperimentSummary> summary(UUID id) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(summaryColumns(MetricColumns.NONE) + " WHERE e.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
          }
        });
  }

  /**
   * One page of the history, newest first.
   *
   * @param filter which experiments
   */
  public Page<ExperimentSummary> list(ExperimentFilter filter, int page, int size) {
    return list(filter, ExperimentOrder.NEWEST, null, page, size);
  }

  /**
   * One page of the history in {@code order}.
   *
   * @param filter which experiments
   * @param metrics the metric columns each row carries, or null for none; {@link
   *     ExperimentOrder#BEST} needs them, {@link ExperimentOrder#AT_WEIGHT} with a weight
   */
  public Page<ExperimentSummary> list(
      ExperimentFilter filter, ExperimentOrder order, MetricColumns metrics, int page, int size) {
    ExperimentFilter.Sql sql = filter.toSql();
    String where = sql.where();
    String orderBy = order.orderBy(metrics);
    return tx.inTransaction(
        c -> {
          long total;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM experiment e" + where)) {
            int p = 1;
            for (Object parameter : sql.parameters()) {
              ps.setObject(p++, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          if (order == ExperimentOrder.BEST || order == ExperimentOrder.AT_WEIGHT) {
            return new Page<>(
                MetricSortedPage.items(c, sql, order, metrics, page, size), page, size, total);
          }
          List<ExperimentSummary> items = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  (metrics == null
                          ? summaryColumns(MetricColumns.NONE)
                          : summaryColumns(metrics.columns()) + metrics.joins())
                      + where
                      + " ORDER BY "
                      + orderBy
                      + " LIMIT ? OFFSET ?")) {
            int i = metrics == null ? 1 : metrics.bind(ps, 1);
            for (Object parameter : sql.parameters()) {
              ps.setObject(i++, parameter);
            }
            ps.setInt(i++, size);
            ps.setLong(i, (long) page * size);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(summary(rs));
              }
            }
          }
          return new Page<>(items, page, size, total);
        });
  }

  static ExperimentSummary summary(ResultSet rs) throws SQLException {
    return new ExperimentSummary(
        rs.getObject(1, UUID.class),
        new ExperimentKind(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        State.valueOf(rs.getString(5)),
        rs.getString(6),
        instant(rs.getTimestamp(7)),
        instant(rs.getTimestamp(8)),
        rs.getInt(9),
        rs.getInt(10),
        rs.getInt(11),
        tags(rs.getArray(12)),
        rs.getString(13),
        rs.getBoolean(14),
        instant(rs.getTimestamp(15)),
        rs.getObject(16, Double.class),
        rs.getObject(17, Double.class));
  }

  /** Every stored metric value of the experiment (partial and final), by point, metric and n. */
  public List<MetricSample> series(UUID experimentId) {
    return tx.inTransaction(
        c -> {
          List<MetricSample> series = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT m.point_id, m.metric, m.n_samples, m.value, m.stderr FROM metric_value m"
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
                        rs.getObject(4, Double.class),
                        rs.getObject(5, Double.class)));
              }
            }
          }
          return series;
        });
  }

  private List<PointView> points(Connection c, UUID experimentId) throws SQLException {
    Map<UUID, Map<String, Double>> latest = new HashMap<>();
    Map<UUID, Map<String, Double>> latestStderr = new HashMap<>();
    latestMetrics(c, experimentId, latest, latestStderr);
    List<PointView> points = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT p.id, p.ordinal, p.params::text, p.seed, p.samples, p.state, p.attempt,"
                + " p.worker, p.samples_done, p.nfe, p.started_at, p.finished_at, p.error, p.label,"
                + " s.experiment_id, se.name, s.id, s.label, x.experiment_id, xe.name, x.id, x.label,"
                + " p.main, p.ema::text, p.device"
                + " FROM point p"
                + " LEFT JOIN point s ON s.id = p.reused_from"
                + " LEFT JOIN experiment se ON se.id = s.experiment_id"
                + " LEFT JOIN point x ON x.id = p.extended_from"
                + " LEFT JOIN experiment xe ON xe.id = x.experiment_id"
                + " WHERE p.experiment_id = ? ORDER BY p.ordinal")) {
      ps.setObject(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          int samplesDone = rs.getInt(9);
          points.add(
              new PointView(
                  id,
                  rs.getInt(2),
                  rs.getString(14),
                  json.tree(rs.getString(3)),
                  rs.getString(23),
                  rs.getString(24) == null
                      ? null
                      : json.read(rs.getString(24), PointView.Ema.class),
                  rs.getLong(4),
                  rs.getInt(5),
                  State.valueOf(rs.getString(6)),
                  rs.getInt(7),
                  rs.getString(8),
                  rs.getString(25),
                  samplesDone,
                  samplesDone == 0 ? 0 : (double) rs.getLong(10) / samplesDone,
                  instant(rs.getTimestamp(11)),
                  instant(rs.getTimestamp(12)),
                  rs.getString(13),
                  latest.getOrDefault(id, Map.of()),
                  latestStderr.getOrDefault(id, Map.of()),
                  source(rs, 15),
                  source(rs, 19)));
        }
      }
    }
    return points;
  }

  /**
   * The point named by the four columns from {@code column} on (its experiment's id and name, its
   * id and label), or null if they are null.
   */
  private static PointView.Source source(ResultSet rs, int column) throws SQLException {
    UUID pointId = rs.getObject(column + 2, UUID.class);
    return pointId == null
        ? null
        : new PointView.Source(
            rs.getObject(column, UUID.class),
            rs.getString(column + 1),
            pointId,
            rs.getString(column + 3));
  }

  /** For each point, its metrics (and their standard errors) at the largest stored n. */
  private static void latestMetrics(
      Connection c,
      UUID experimentId,
      Map<UUID, Map<String, Double>> latest,
      Map<UUID, Map<String, Double>> latestStderr)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT ON (m.point_id, m.metric) m.point_id, m.metric, m.value, m.stderr"
                + " FROM metric_value m"
                + " JOIN point p ON p.id = m.point_id WHERE p.experiment_id = ?"
                + " ORDER BY m.point_id, m.metric, m.n_samples DESC")) {
      ps.setObject(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID pointId = rs.getObject(1, UUID.class);
          latest
              .computeIfAbsent(pointId, k -> new LinkedHashMap<>())
              .put(rs.getString(2), rs.getObject(3, Double.class));
          Double stderr = rs.getObject(4, Double.class);
          if (stderr != null) {
            latestStderr
                .computeIfAbsent(pointId, k -> new LinkedHashMap<>())
                .put(rs.getString(2), stderr);
          }
        }
      }
    }
  }

  private static List<String> tags(Array array) throws SQLException {
    return List.of((String[]) array.getArray());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
