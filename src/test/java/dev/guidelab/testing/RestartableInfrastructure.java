package dev.guidelab.testing;

import dev.guidelab.local.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real KRaft broker (in a JVM of its own, {@link BrokerMain}) and a real PostgreSQL on fixed
 * ports and data directories, each of which a fault test can stop and start again while Guidelab
 * processes ({@link GuidelabProcess}) keep running against them: a broker restart, a database
 * restart.
 */
public final class RestartableInfrastructure implements AutoCloseable {

  private final Path root;
  private final int kafkaPort = freePort();
  private final int controllerPort = freePort();
  private final int postgresPort = freePort();
  private Process kafka;
  private EmbeddedPostgres postgres;

  private RestartableInfrastructure(Path root) {
    this.root = root;
  }

  /** Starts both. */
  public static RestartableInfrastructure start() {
    try {
      RestartableInfrastructure infrastructure =
          new RestartableInfrastructure(Files.createTempDirectory("guidelab-faults"));
      // A test JVM stopped before its @AfterAll (a surefire timeout, Ctrl-C) stops them too.
      Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stopAll));
      infrastructure.startPostgres();
      infrastructure.startKafka();
      return infrastructure;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where Guidelab finds them, as configuration. */
  public Map<String, String> addresses() {
    return Map.of(
        "kafka.bootstrap.servers",
        "localhost:" + kafkaPort,
        "quarkus.datasource.jdbc.url",
        jdbcUrl(),
        "quarkus.datasource.username",
        "postgres",
        "quarkus.datasource.password",
        "postgres");
  }

  public String bootstrapServers() {
    return "localhost:" + kafkaPort;
  }

  /** A connection to the ledger, for the test's own checks. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
  }

  /** Starts the broker's JVM and waits until it accepts connections. */
  public void startKafka() {
    try {
      Path log = root.resolve("kafka.log");
      kafka =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  BrokerMain.class.getName(),
                  root.resolve("kafka").toString(),
                  String.valueOf(kafkaPort),
                  String.valueOf(controllerPort))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Await.until(
        "the broker to accept connections",
        Duration.ofMinutes(1),
        () -> {
          if (!kafka.isAlive()) {
            throw new IllegalStateException("the broker exited; see " + root.resolve("kafka.log"));
          }
          try (Admin admin =
              Admin.create(
                  Map.of(
                      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
          } catch (Exception notYet) {
            return false;
          }
        });
  }

  /** Stops the broker as an orchestrator does (SIGTERM), waiting for it to exit. */
  public void stopKafka() {
    kafka.destroy();
    try {
      if (!kafka.waitFor(60, TimeUnit.SECONDS)) {
        kafka.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kafka = null;
  }

  public void startPostgres() {
    postgres =
        EmbeddedPostgres.start(root.resolve("pg-data"), root.resolve("pg-work"), postgresPort);
  }

  public void stopPostgres() {
    postgres.close();
    postgres = null;
  }

  private String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
  }

  @Override
  public void close() {
    stopAll();
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void stopAll() {
    if (kafka != null) {
      stopKafka();
    }
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
