package dev.guidelab.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Uploads that queued work reads, stored in PostgreSQL by SHA-256 in chunks of {@value #CHUNK}
 * bytes, so any worker can read them and neither side holds a whole upload in memory. The caller
 * hashes the file; an upload is written once and is visible only when every chunk is in.
 */
@ApplicationScoped
public class Uploads {

  /** Bytes per stored chunk. */
  static final int CHUNK = 4 << 20;

  private final Transactions tx;

  public Uploads(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Stores {@code file} under {@code sha256} unless a complete upload with that hash exists.
   *
   * @param sha256 lower-case hex SHA-256 of the file's bytes, as the caller computed it
   */
  public void store(String sha256, Path file) {
    tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO upload (sha256, size) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setString(1, sha256);
            ps.setLong(2, Files.size(file));
            if (ps.executeUpdate() == 0) {
              return null; // stored before, or being stored by a concurrent request (it commits it)
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          try (InputStream in = Files.newInputStream(file);
              PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO upload_chunk (sha256, index, bytes) VALUES (?, ?, ?)")) {
            byte[] chunk = new byte[CHUNK];
            int index = 0;
            for (int n = in.readNBytes(chunk, 0, CHUNK);
                n > 0;
                n = in.readNBytes(chunk, 0, CHUNK)) {
              ps.setString(1, sha256);
              ps.setInt(2, index++);
              ps.setBytes(3, n == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, n));
              ps.executeUpdate();
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE upload SET complete = true WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** Whether a complete upload with hash {@code sha256} is stored. */
  public boolean exists(String sha256) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM upload WHERE sha256 = ? AND complete")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /**
   * Writes the upload {@code sha256} to {@code target}, one chunk in memory at a time.
   *
   * @throws IllegalStateException if no complete upload has that hash
   */
  public void copyTo(String sha256, Path target) {
    if (!exists(sha256)) {
      throw new IllegalStateException("no upload with hash " + sha256);
    }
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int index = 0; ; index++) {
        byte[] chunk = chunk(sha256, index);
        if (chunk == null) {
          return;
        }
        out.write(chunk);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] chunk(String sha256, int index) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT bytes FROM upload_chunk WHERE sha256 = ? AND index = ?")) {
            ps.setString(1, sha256);
            ps.setInt(2, index);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getBytes(1) : null;
            }
          }
        });
  }
}
