package dev.guidelab.local;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Entry point of {@code java -jar quarkus-run.jar}: starts the embedded Kafka broker and PostgreSQL
 * (unless {@code guidelab.embedded.enabled=false}), points the application at them, runs Quarkus,
 * and stops them after Quarkus has stopped.
 *
 * <p>The embedded services must be up before Quarkus starts (Flyway and the Kafka connector connect
 * at startup), so this reads its few settings from the same configuration sources before Quarkus
 * does.
 */
@QuarkusMain
public final class GuidelabMain {

  private static final Logger LOG = Logger.getLogger(GuidelabMain.class);

  private GuidelabMain() {}

  public static void main(String... args) {
    SmallRyeConfig config = ConfigUtils.configBuilder(LaunchMode.NORMAL).build();
    boolean embedded =
        config.getOptionalValue("guidelab.embedded.enabled", Boolean.class).orElse(true);
    if (!embedded) {
      Quarkus.run(args);
      return;
    }
    Path dataDir =
        Path.of(config.getOptionalValue("guidelab.data-dir", String.class).orElse("guidelab-data"));
    int kafkaPort =
        config.getOptionalValue("guidelab.embedded.kafka-port", Integer.class).orElse(19092);
    int postgresPort =
        config.getOptionalValue("guidelab.embedded.postgres-port", Integer.class).orElse(15432);

    LOG.infof(
        "Starting embedded PostgreSQL (port %d) and Kafka (port %d) with data under %s",
        postgresPort, kafkaPort, dataDir.toAbsolutePath());
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.start(
                dataDir.resolve("postgres"), dataDir.resolve("postgres-bin"), postgresPort);
        EmbeddedKafka kafka =
            EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort, kafkaPort + 1)) {
      System.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
      System.setProperty("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
      System.setProperty("quarkus.datasource.username", postgres.username());
      System.setProperty("quarkus.datasource.password", postgres.password());
      Quarkus.run(args);
    }
  }
}
