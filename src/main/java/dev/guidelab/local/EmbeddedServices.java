package dev.guidelab.local;

import io.quarkus.bootstrap.logging.InitialConfigurator;
import io.quarkus.bootstrap.logging.QuarkusDelayedHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL and Kafka of one data directory: started before Quarkus, stopped after
 * it, whichever way the process ends short of {@code kill -9} (which the next start cleans up
 * after, see {@link StalePostmaster}).
 *
 * <p>Starting takes the directory's {@link DataDirLock} first (one Guidelab per directory), stops a
 * postmaster a killed predecessor left running, then starts PostgreSQL and Kafka. {@link #close()}
 * stops Kafka, then PostgreSQL, then releases the lock; it may be called more than once and from
 * any thread.
 *
 * <p>Who calls {@code close}: {@code GuidelabMain}'s main thread, once {@code Quarkus.run} has
 * returned — after Quarkus has stopped, so no Kafka client or database pool of the application is
 * cut off mid-shutdown (a worker gives its point back on shutdown, through the database). On
 * SIGTERM or Ctrl-C the JVM runs its shutdown hooks and halts as soon as they end, and Quarkus' own
 * hook ends when Quarkus has stopped, before the main thread has closed anything; so {@link
 * #shutdownHook()} holds the JVM until the main thread is done, and closes by itself if that does
 * not happen in time (or if the JVM was stopped before Quarkus ran).
 */
final class EmbeddedServices implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedServices.class);

  /** Logger categories of the embedded broker, silenced below errors while it stops. */
  private static final List<String> QUIET_ON_STOP =
      List.of(
          "kafka",
          "org.apache.kafka",
          "org.apache.kafka.clients.NetworkClient",
          "state.change.logger");

  private static final Set<java.util.logging.Logger> QUIETED = new HashSet<>();

  /** How long the shutdown hook waits for the main thread to stop Quarkus and the services. */
  private static final Duration MAIN_THREAD_GRACE = Duration.ofSeconds(90);

  private final Path dataDir;
  private final int kafkaPort;
  private final int postgresPort;
  private final CountDownLatch closed = new CountDownLatch(1);

  private DataDirLock lock;
  private EmbeddedPostgres postgres;
  private EmbeddedKafka kafka;
  private boolean closing;

  EmbeddedServices(Path dataDir, int kafkaPort, int postgresPort) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.kafkaPort = kafkaPort;
    this.postgresPort = postgresPort;
  }

  /**
   * Starts PostgreSQL (port {@code postgresPort}) and Kafka (port {@code kafkaPort}, controller on
   * the next one) with their data under the data directory.
   *
   * @throws IllegalStateException if the directory is another process's, a port is taken, or the
   *     JVM is already shutting down
   */
  synchronized void start() {
    LOG.infof(
        "Starting embedded PostgreSQL (port %d) and Kafka (port %d) with data under %s",
        postgresPort, kafkaPort, dataDir);
    requireOpen();
    lock = DataDirLock.acquire(dataDir);
    Path postgresData = dataDir.resolve("postgres");
    StalePostmaster.stopIfRunning(postgresData);
    postgres = EmbeddedPostgres.start(postgresData, dataDir.resolve("postgres-bin"), postgresPort);
    kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort, kafkaPort + 1);
  }

  private void requireOpen() {
    if (closing) {
      throw new IllegalStateException("shutting down");
    }
  }

  /** The {@code kafka.bootstrap.servers} value. */
  synchronized String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The started PostgreSQL. */
  synchronized EmbeddedPostgres postgres() {
    return postgres;
  }

  /**
   * A JVM shutdown hook (register it before {@link #start()}): waits for the main thread to close
   * the services after Quarkus has stopped, then closes them itself if they are still running.
   */
  Thread shutdownHook() {
    Thread hook =
        new Thread(
            () -> {
              try {
                if (!closed.await(MAIN_THREAD_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                  LOG.warnf(
                      "Quarkus did not stop within %ss; stopping the embedded services anyway",
                      MAIN_THREAD_GRACE.toSeconds());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              close();
            },
            "guidelab-embedded-shutdown");
    hook.setDaemon(false);
    return hook;
  }

  @Override
  public synchronized void close() {
    logToConsoleAfterQuarkus();
    closing = true;
    try {
      if (kafka != null) {
        LOG.info("Stopping embedded Kafka");
        stopQuietly(kafka);
        kafka = null;
      }
      if (postgres != null) {
        LOG.info("Stopping embedded PostgreSQL");
        stopQuietly(postgres);
        postgres = null;
      }
      if (lock != null) {
        stopQuietly(lock);
        lock = null;
      }
    } finally {
      closed.countDown();
    }
  }

  /**
   * Quarkus detaches its log handlers when it has stopped (after "stopped in …"), and later records
   * are only queued; so the lines about stopping the embedded services get the default console
   * handler, as {@code Quarkus.run} itself gives one to a failure before logging is set up.
   */
  private static void logToConsoleAfterQuarkus() {
    QuarkusDelayedHandler delayed = InitialConfigurator.DELAYED_HANDLER;
    if (!delayed.isActivated()) {
      delayed.setHandlers(new Handler[] {InitialConfigurator.createDefaultHandler()});
    }
    // Quarkus's category levels went with its configuration: the broker would log each partition
    // it gives up, and warn that its own clients are closed twice. Held, so the levels stay set.
    for (String category : QUIET_ON_STOP) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
      logger.setLevel(Level.SEVERE);
      QUIETED.add(logger);
    }
  }

  private static void stopQuietly(AutoCloseable service) {
    try {
      service.close();
    } catch (Exception e) {
      LOG.errorf(e, "cannot stop %s", service.getClass().getSimpleName());
    }
  }
}
