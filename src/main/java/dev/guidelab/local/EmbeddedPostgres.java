package dev.guidelab.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server from the zonky binaries, for the local default and the tests.
 *
 * <p>With a data directory the cluster is kept across restarts and is durable: zonky starts every
 * server with {@code -F} (fsync off) and {@code synchronous_commit=off}, which suits throw-away
 * test clusters but not the team's history, so {@link #start} turns both back on. Without one
 * (tests) it lives in a temporary directory that is removed on close.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.server = server;
  }

  /**
   * Starts PostgreSQL keeping its cluster in {@code dataDir}, with binaries extracted under {@code
   * workDir}, durably (fsync and synchronous commit on).
   *
   * <p>A postmaster left running from {@code dataDir} by a killed process must have been stopped
   * first ({@link StalePostmaster}). This refuses a port that something else already answers on,
   * and checks that the server it then talks to serves {@code dataDir}: zonky only waits until
   * something on the port answers, so it would otherwise use whatever server holds it.
   */
  public static EmbeddedPostgres start(Path dataDir, Path workDir, int port) {
    Path data = dataDir.toAbsolutePath().normalize();
    requireFree(port);
    EmbeddedPostgres postgres;
    try {
      Files.createDirectories(data);
      Files.createDirectories(workDir);
      postgres =
          new EmbeddedPostgres(
              io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                  .setDataDirectory(data)
                  .setCleanDataDirectory(false)
                  .setOverrideWorkingDirectory(workDir.toAbsolutePath().toFile())
                  .setPort(port)
                  // zonky passes -F (fsync off); a later -c wins. Both settings matter for a
                  // cluster that holds the team's history: fsync against a machine crash,
                  // synchronous commit so that an acknowledged write is on disk.
                  .setServerConfig("fsync", "on")
                  .setServerConfig("synchronous_commit", "on")
                  // GuidelabMain stops the server after Quarkus has stopped (EmbeddedServices); a
                  // hook of its own would race Quarkus' shutdown.
                  .setRegisterShutdownHook(false)
                  .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + data, e);
    }
    try {
      postgres.requireServing(data);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    return postgres;
  }

  /**
   * Starts a throw-away server on a free port (tests). It keeps zonky's defaults, fsync and
   * synchronous commit off: nothing in it needs to survive a crash, and tests run faster.
   */
  public static EmbeddedPostgres startTemporary() {
    try {
      return new EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  private static void requireFree(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
    } catch (IOException free) {
      return;
    }
    throw new IllegalStateException(
        "port "
            + port
            + " is in use by another process; stop it or set guidelab.embedded.postgres-port");
  }

  private void requireServing(Path data) {
    String served;
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW data_directory")) {
      row.next();
      served = row.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot query the embedded PostgreSQL", e);
    }
    try {
      if (!Files.isSameFile(Path.of(served), data)) {
        throw new IllegalStateException(
            "the PostgreSQL on port "
                + server.getPort()
                + " serves "
                + served
                + ", not "
                + data
                + ": another server holds the port");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JDBC URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
  }

  public String username() {
    return "postgres";
  }

  public String password() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
    }
  }
}
