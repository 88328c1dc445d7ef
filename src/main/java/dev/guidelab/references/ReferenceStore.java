package dev.guidelab.references;

import dev.guidelab.db.Transactions;
import dev.guidelab.db.Write;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reference statistics in the ledger ({@code reference_stats}, db/V3): μ and Σ as float64
 * little-endian {@code bytea} (Σ full and row-major, so imported numbers come back bit for bit),
 * one row per content key and per name; with the feature vectors kept for the k-NN metrics in
 * {@code reference_features} (db/V6, float32) when Guidelab computed them, and their Top-1 class
 * histogram in {@code reference_top1} (db/V7) when it computed them from images through a network
 * with a classifier head. {@link #saveIfAbsent} is idempotent: the same inputs under any name find
 * the row already there; a name never moves to other numbers.
 */
@ApplicationScoped
public class ReferenceStore {

  /** Number of leading μ values in a {@link Summary}. */
  public static final int PREVIEW = 4;

  /**
   * A stored entry without its arrays: the first {@value #PREVIEW} values of μ only, how many
   * feature vectors are kept for the k-NN metrics ({@code knnSamples}, 0 for imported μ/Σ), and the
   * classes of its Top-1 class histogram ({@code top1Classes}, 0 when it has none).
   */
  public record Summary(
      String name,
      String key,
      Long n,
      int dim,
      int ddof,
      String source,
      String featureNetwork,
      String pipeline,
      String description,
      double[] muPreview,
      int knnSamples,
      int top1Classes,
      Instant createdAt) {}

  /**
   * The outcome of {@link #saveIfAbsent}: the stored statistics, and whether this call stored them.
   */
  public record Saved(ReferenceStatistics statistics, boolean created) {}

  private static final String SUMMARY_COLUMNS =
      "name, content_key, n, dim, ddof, source, feature_network, pipeline, description,"
          + " substring(mu from 1 for "
          + 8 * PREVIEW
          + "), coalesce((SELECT f.n FROM reference_features f"
          + " WHERE f.content_key = reference_stats.content_key), 0),"
          + " coalesce((SELECT t.classes FROM reference_top1 t"
          + " WHERE t.content_key = reference_stats.content_key), 0), created_at";
  private static final String FULL_COLUMNS =
      "name, content_key, n, dim, mu, sigma, source, feature_network, pipeline, ddof";

  private final Transactions tx;

  public ReferenceStore(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Stores {@code s} unless statistics with its key exist already, in which case those are returned
   * (under the name they were first stored with).
   *
   * @throws IllegalStateException if {@code s.name()} already names statistics with another key
   */
  public Saved saveIfAbsent(ReferenceStatistics s, String description) {
    return saveIfAbsent(s, description, null, null);
  }

  /**
   * As {@link #saveIfAbsent(ReferenceStatistics, String)}, storing {@code features} (if not null
   * and not empty) and the Top-1 class histogram {@code top1} (if not null) with new statistics in
   * the same transaction.
   */
  public Saved saveIfAbsent(
      ReferenceStatistics s, String description, ReferenceFeatures features, long[] top1) {
    return tx.inTransaction(c -> save(c, s, description, features, top1));
  }

  /** Records who imported {@code name} through the API (a name keeps its first owner). */
  public void own(String name, String owner) {
    tx.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE reference_stats SET owner = ? WHERE name = ? AND owner IS NULL")) {
            ps.setString(1, owner);
            ps.setString(2, name);
            ps.executeUpdate();
          }
        });
  }

  /** {@link #saveIfAbsent} as a write in the caller's transaction. */
  public Write write(
      ReferenceStatistics s, String description, ReferenceFeatures features, long[] top1) {
    return c -> save(c, s, description, features, top1);
  }

  private Saved save(
      Connection c,
      ReferenceStatistics s,
      String description,
      ReferenceFeatures features,
      long[] top1)
      throws SQLException {
    int inserted;
    try (PreparedStatement ps =
        c.prepareStatement(
            // Computed statistics are owned by whoever submitted their computation (its
            // experiment's spec hash is the content key).
            "INSERT INTO reference_stats (name, content_key, source, feature_network,"
                + " pipeline, ddof, n, dim, mu, sigma, description, owner)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT owner FROM experiment"
                + " WHERE kind = 'reference' AND spec_hash = ? ORDER BY created_at DESC LIMIT 1))"
                + " ON CONFLICT DO NOTHING")) {
      ps.setString(1, s.name());
      ps.setString(2, s.key());
      ps.setString(3, s.source());
      ps.setString(4, s.featureNetwork());
      ps.setString(5, s.pipeline());
      ps.setInt(6, s.ddof());
      ps.setObject(7, s.n());
      ps.setInt(8, s.dim());
      ps.setBytes(9, encode(s.mu()));
      ps.setBytes(10, encode(s.sigma()));
      ps.setString(11, description == null ? "" : description);
      ps.setString(12, s.key());
      inserted = ps.executeUpdate();
    }
    if (inserted == 1 && features != null && features.n() > 0) {
      insertFeatures(c, s.key(), features);
    }
    if (inserted == 1 && top1 != null) {
      insertTop1(c, s.key(), top1);
    }
    Optional<ReferenceStatistics> byKey = find(c, "content_key", s.key());
    if (byKey.isPresent()) {
      return new Saved(byKey.get(), inserted == 1);
    }
    // Not inserted and no row with this key: the name is taken.
    String other = find(c, "name", s.name()).map(ReferenceStatistics::key).orElse("(concurrently)");
    throw new IllegalStateException(
        "reference name '"
            + s.name()
            + "' already names other statistics (key "
            + other
            + "); choose another name");
  }

  /** The statistics with content key {@code key}. */
  public Optional<ReferenceStatistics> findByKey(String key) {
    return tx.inTransaction(c -> find(c, "content_key", key));
  }

  /** The feature vectors kept with the statistics of content key {@code key}, if any. */
  public Optional<ReferenceFeatures> features(String key) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT n, dim, selection, features FROM reference_features"
                      + " WHERE content_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              byte[] bytes = rs.getBytes(4);
              float[] values = new float[bytes.length / 4];
              ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
              return Optional.of(
                  new ReferenceFeatures(rs.getInt(1), rs.getInt(2), rs.getString(3), values));
            }
          }
        });
  }

  /** The Top-1 class histogram stored with the statistics of content key {@code key}, if any. */
  public Optional<long[]> top1(String key) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT counts FROM reference_top1 WHERE content_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(longs(rs.getArray(1))) : Optional.empty();
            }
          }
        });
  }

  private static void insertTop1(Connection c, String key, long[] counts) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO reference_top1 (content_key, classes, counts) VALUES (?, ?, ?)")) {
      ps.setString(1, key);
      ps.setInt(2, counts.length);
      ps.setArray(3, bigints(c, counts));
      ps.executeUpdate();
    }
  }

  /** {@code counts} as a SQL {@code bigint[]}. */
  public static java.sql.Array bigints(Connection c, long[] counts) throws SQLException {
    return c.createArrayOf("bigint", Arrays.stream(counts).boxed().toArray());
  }

  /** A SQL {@code bigint[]} as counts. */
  public static long[] longs(java.sql.Array array) throws SQLException {
    return Arrays.stream((Long[]) array.getArray()).mapToLong(Long::longValue).toArray();
  }

  private static void insertFeatures(Connection c, String key, ReferenceFeatures f)
      throws SQLException {
    ByteBuffer buf = ByteBuffer.allocate(4 * f.values().length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(f.values());
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO reference_features (content_key, n, dim, selection, features)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, key);
      ps.setInt(2, f.n());
      ps.setInt(3, f.dim());
      ps.setString(4, f.selection());
      ps.setBytes(5, buf.array());
      ps.executeUpdate();
    }
  }

  /** The statistics named {@code name}. */
  public Optional<ReferenceStatistics> findByName(String name) {
    return tx.inTransaction(c -> find(c, "name", name));
  }

  /** The summary of the statistics named {@code name}. */
  /** Reference statistics {@code name} pinned by their content key, if they exist. */
  public Optional<PinnedReference> pin(String name) {
    return summary(name)
        .map(s -> new PinnedReference(name, s.key(), ToyReferences.classOf(name).orElse(null)));
  }

  public Optional<Summary> summary(String name) {
    return summaryWhere("name", name);
  }

  /** The summary of the statistics with content key {@code key}. */
  public Optional<Summary> summaryByKey(String key) {
    return summaryWhere("content_key", key);
  }

  private Optional<Summary> summaryWhere(String column, String value) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + SUMMARY_COLUMNS + " FROM reference_stats WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Every entry without its arrays, newest first. */
  public List<Summary> list() {
    return tx.inTransaction(
        c -> {
          List<Summary> all = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT "
                          + SUMMARY_COLUMNS
                          + " FROM reference_stats ORDER BY created_at DESC, name");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              all.add(summary(rs));
            }
          }
          return all;
        });
  }

  private static Optional<ReferenceStatistics> find(Connection c, String column, String value)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + FULL_COLUMNS + " FROM reference_stats WHERE " + column + " = ?")) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        int d = rs.getInt(4);
        return Optional.of(
            new ReferenceStatistics(
                rs.getString(1),
                rs.getString(2),
                rs.getObject(3, Long.class),
                d,
                decode(rs.getBytes(5)),
                decodeMatrix(rs.getBytes(6), d),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getInt(10)));
      }
    }
  }

  private static Summary summary(ResultSet rs) throws SQLException {
    return new Summary(
        rs.getString(1),
        rs.getString(2),
        rs.getObject(3, Long.class),
        rs.getInt(4),
        rs.getInt(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        decode(rs.getBytes(10)),
        rs.getInt(11),
        rs.getInt(12),
        rs.getTimestamp(13).toInstant());
  }

  /** {@code x} as float64 little-endian. */
  static byte[] encode(double[] x) {
    ByteBuffer buf = ByteBuffer.allocate(8 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asDoubleBuffer().put(x);
    return buf.array();
  }

  /** {@code a} row-major as float64 little-endian. */
  static byte[] encode(double[][] a) {
    int d = a.length;
    ByteBuffer buf = ByteBuffer.allocate(8 * d * d).order(ByteOrder.LITTLE_ENDIAN);
    for (double[] row : a) {
      for (double v : row) {
        buf.putDouble(v);
      }
    }
    return buf.array();
  }

  static double[] decode(byte[] bytes) {
    double[] x = new double[bytes.length / 8];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(x);
    return x;
  }

  static double[][] decodeMatrix(byte[] bytes, int d) {
    double[] flat = decode(bytes);
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(flat, i * d, a[i], 0, d);
    }
    return a;
  }
}
