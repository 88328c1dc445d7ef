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
 * and stops them after Quarkus has stopped — on a normal exit, a failed start, SIGTERM or Ctrl-C
 * ({@link EmbeddedServices} says how).
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

    EmbeddedServices services = new EmbeddedServices(dataDir, kafkaPort, postgresPort);
    Thread hook = services.shutdownHook();
    Runtime.getRuntime().addShutdownHook(hook);
    int exitCode;
    try {
      services.start();
      EmbeddedPostgres postgres = services.postgres();
      System.setProperty("kafka.bootstrap.servers", services.bootstrapServers());
      System.setProperty("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
      System.setProperty("quarkus.datasource.username", postgres.username());
      System.setProperty("quarkus.datasource.password", postgres.password());
      exitCode = runQuarkus(args);
    } catch (RuntimeException e) {
      LOG.error("Guidelab stopped on an error", e);
      exitCode = 1;
    } finally {
      services.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // SIGTERM, Ctrl-C or System.exit elsewhere: the JVM exits once the hooks have ended.
      return;
    }
    System.exit(exitCode);
  }

  /**
   * Runs Quarkus until it stops and returns its exit code. Quarkus' default exit handler calls
   * {@code System.exit}, which would end the JVM before the embedded services are stopped (and on a
   * signal blocks the main thread for good); this one only records the code.
   */
  private static int runQuarkus(String... args) {
    int[] exitCode = {0};
    Quarkus.run(
        null,
        (code, failure) -> {
          exitCode[0] = code;
          if (failure != null) {
            // With an exit handler of its own, Quarkus leaves reporting a failed start to it. The
            // first line says why (a refused setting says which), the trace follows.
            Throwable cause = failure;
            while (cause.getCause() != null) {
              cause = cause.getCause();
            }
            LOG.error("Guidelab failed: " + cause.getMessage(), failure);
          }
        },
        args);
    return exitCode[0];
  }
}
