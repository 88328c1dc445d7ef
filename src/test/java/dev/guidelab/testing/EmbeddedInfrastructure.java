package dev.guidelab.testing;

import dev.guidelab.local.EmbeddedKafka;
import dev.guidelab.local.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a real KRaft Kafka broker and a real PostgreSQL on free ports for {@code @QuarkusTest}s,
 * hands their addresses to the application, and removes their temporary directories afterwards.
 */
public class EmbeddedInfrastructure implements QuarkusTestResourceLifecycleManager {

  private Path kafkaDir;
  private EmbeddedKafka kafka;
  private EmbeddedPostgres postgres;

  @Override
  public Map<String, String> start() {
    try {
      kafkaDir = Files.createTempDirectory("guidelab-test-kafka");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A throw-away cluster: it keeps zonky's fsync=off and synchronous_commit=off, for speed (the
    // local run's cluster turns both on, see EmbeddedPostgres.start).
    postgres = EmbeddedPostgres.startTemporary();
    kafka = EmbeddedKafka.start(kafkaDir, freePort(), freePort());
    return Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(),
        "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
        "quarkus.datasource.username", postgres.username(),
        "quarkus.datasource.password", postgres.password());
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    deleteRecursively(kafkaDir);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
