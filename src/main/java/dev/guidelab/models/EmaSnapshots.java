package dev.guidelab.models;

import dev.guidelab.db.Transactions;
import dev.guidelab.db.Write;
import dev.guidelab.toynet.ToyNetwork;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The post-hoc EMA snapshots of toy trainings in the ledger ({@code ema_snapshot}), by family: the
 * weights in {@code model_file} by content hash, each with its iteration and σ_rel. Writing is
 * idempotent, so a retried training stores its (bit-identical) snapshots again without harm.
 */
@ApplicationScoped
public class EmaSnapshots {

  /** One stored snapshot of a family. */
  public record Stored(long iteration, double sigmaRel, String sha256) {}

  private final Transactions tx;

  public EmaSnapshots(Transactions tx) {
    this.tx = tx;
  }

  /** Stores {@code snapshot} (its iteration and σ_rel from its provenance) in {@code family}. */
  public void register(String family, ToyNetwork snapshot, boolean builtin) {
    tx.run(write(family, snapshot, null, builtin));
  }

  /**
   * {@link #register} as a write in the caller's transaction.
   *
   * @throws IllegalStateException (when run) if the family already holds other weights there
   */
  public Write write(String family, ToyNetwork snapshot, UUID trainingPointId, boolean builtin) {
    String sha256 = snapshot.sha256();
    byte[] bytes = snapshot.toBytes();
    long iteration = snapshot.info().iteration();
    double sigmaRel = snapshot.info().emaSigmaRel();
    return c -> {
      ModelRegistry.storeFile(c, sha256, bytes);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO ema_snapshot (family, iteration, sigma_rel, sha256, training_point_id,"
                  + " builtin) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, family);
        ps.setLong(2, iteration);
        ps.setDouble(3, sigmaRel);
        ps.setString(4, sha256);
        ps.setObject(5, trainingPointId);
        ps.setBoolean(6, builtin);
        ps.executeUpdate();
      }
      String existing = sha256Of(c, family, iteration, sigmaRel);
      if (!sha256.equals(existing)) {
        throw new IllegalStateException(
            "snapshot family '"
                + family
                + "' already holds other weights at iteration "
                + iteration
                + ", σ_rel "
                + sigmaRel);
      }
    };
  }

  /** The snapshots of {@code family}, by iteration then σ_rel; empty if there is no such family. */
  public List<Stored> family(String family) {
    return tx.inTransaction(
        c -> {
          List<Stored> all = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT iteration, sigma_rel, sha256 FROM ema_snapshot WHERE family = ?"
                      + " ORDER BY iteration, sigma_rel")) {
            ps.setString(1, family);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                all.add(new Stored(rs.getLong(1), rs.getDouble(2), rs.getString(3)));
              }
            }
          }
          return all;
        });
  }

  private static String sha256Of(Connection c, String family, long iteration, double sigmaRel)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sha256 FROM ema_snapshot WHERE family = ? AND iteration = ? AND sigma_rel = ?")) {
      ps.setString(1, family);
      ps.setLong(2, iteration);
      ps.setDouble(3, sigmaRel);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
