package dev.guidelab.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import dev.guidelab.db.Write;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Trained models in the ledger: weight files by content hash, and the names that point at them.
 * Registration is idempotent, so a retried training registers its (bit-identical) snapshots again
 * without harm; a name never moves to other weights.
 */
@ApplicationScoped
public class ModelRegistry {

  /** A registered name. */
  public record Registered(
      String name,
      ModelKind kind,
      String sha256,
      JsonNode params,
      boolean builtin,
      Instant createdAt) {}

  private final Transactions tx;
  private final JsonColumns json;

  public ModelRegistry(Transactions tx, JsonColumns json) {
    this.tx = tx;
    this.json = json;
  }

  /**
   * Stores {@code bytes} under their hash and names them {@code name}.
   *
   * @throws IllegalStateException if {@code name} already names other weights
   */
  public void register(
      String name,
      ModelKind kind,
      String sha256,
      byte[] bytes,
      JsonNode params,
      UUID trainingPointId,
      boolean builtin) {
    tx.run(write(name, kind, sha256, bytes, params, trainingPointId, builtin));
  }

  /** Records who registered {@code name} through the API (a name keeps its first owner). */
  public void own(String name, String owner) {
    tx.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE model SET owner = ? WHERE name = ? AND owner IS NULL")) {
            ps.setString(1, owner);
            ps.setString(2, name);
            ps.executeUpdate();
          }
        });
  }

  /** Stores a weight file by its content hash in the caller's transaction, once. */
  static void storeFile(Connection c, String sha256, byte[] bytes) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO model_file (sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")) {
      ps.setString(1, sha256);
      ps.setBytes(2, bytes);
      ps.executeUpdate();
    }
  }

  /** {@link #register} as a write in the caller's transaction. */
  public Write write(
      String name,
      ModelKind kind,
      String sha256,
      byte[] bytes,
      JsonNode params,
      UUID trainingPointId,
      boolean builtin) {
    String stored = json.write(params);
    return c -> {
      storeFile(c, sha256, bytes);
      try (PreparedStatement ps =
          c.prepareStatement(
              // A trained model is owned by whoever submitted its training.
              "INSERT INTO model (name, kind, sha256, params, training_point_id, builtin, owner)"
                  + " VALUES (?, ?, ?, ?::jsonb, ?, ?, (SELECT e.owner FROM point p"
                  + " JOIN experiment e ON e.id = p.experiment_id WHERE p.id = ?))"
                  + " ON CONFLICT (name) DO NOTHING")) {
        ps.setString(1, name);
        ps.setString(2, kind.wireName());
        ps.setString(3, sha256);
        ps.setString(4, stored);
        ps.setObject(5, trainingPointId);
        ps.setBoolean(6, builtin);
        ps.setObject(7, trainingPointId);
        ps.executeUpdate();
      }
      String existing = sha256Of(c, name);
      if (!sha256.equals(existing)) {
        throw new IllegalStateException(
            "model name '" + name + "' already names other weights (" + existing + ")");
      }
    };
  }

  /** Every registered name, newest first. */
  public List<Registered> list() {
    return tx.inTransaction(
        c -> {
          List<Registered> models = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT name, kind, sha256, params::text, builtin, created_at FROM model"
                          + " ORDER BY builtin DESC, created_at DESC, name");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              models.add(read(rs));
            }
          }
          return models;
        });
  }

  public Optional<Registered> find(String name) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, kind, sha256, params::text, builtin, created_at FROM model WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
          }
        });
  }

  /**
   * A model registered as the post-hoc EMA reconstruction of {@code (family, iteration, sigmaRel)}
   * ({@link PostHocModels}), under any of its addresses.
   */
  public Optional<Registered> findPostHoc(String family, long iteration, double sigmaRel) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, kind, sha256, params::text, builtin, created_at FROM model"
                      + " WHERE params->'postHoc'->>'family' = ?"
                      + " AND (params->'postHoc'->>'iteration')::bigint = ?"
                      + " AND (params->'postHoc'->>'sigmaRel')::float8 = ? ORDER BY created_at"
                      + " LIMIT 1")) {
            ps.setString(1, family);
            ps.setLong(2, iteration);
            ps.setDouble(3, sigmaRel);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
          }
        });
  }

  /** The weight file with content hash {@code sha256}. */
  public byte[] bytes(String sha256) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT bytes FROM model_file WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("no model file with hash " + sha256);
              }
              return rs.getBytes(1);
            }
          }
        });
  }

  private static String sha256Of(java.sql.Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM model WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private Registered read(ResultSet rs) throws SQLException {
    return new Registered(
        rs.getString(1),
        ModelKind.stored(rs.getString(2)),
        rs.getString(3),
        json.tree(rs.getString(4)),
        rs.getBoolean(5),
        rs.getTimestamp(6).toInstant());
  }
}
