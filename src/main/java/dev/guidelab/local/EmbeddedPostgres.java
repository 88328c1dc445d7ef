package dev.guidelab.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server from the zonky binaries, for the local default and the tests.
 *
 * <p>With a data directory the cluster is kept across restarts; without one (tests) it lives in a
 * temporary directory that is removed on close.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.server = server;
  }

  /**
   * Starts PostgreSQL keeping its cluster in {@code dataDir}, with binaries extracted under {@code
   * workDir}.
   */
  public static EmbeddedPostgres start(Path dataDir, Path workDir, int port) {
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(workDir);
      return new EmbeddedPostgres(
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(workDir.toFile())
              .setPort(port)
              // GuidelabMain stops the server after Quarkus has stopped; a hook of its own would
              // race it.
              .setRegisterShutdownHook(false)
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** Starts a throw-away server on a free port (tests). */
  public static EmbeddedPostgres startTemporary() {
    try {
      return new EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
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
