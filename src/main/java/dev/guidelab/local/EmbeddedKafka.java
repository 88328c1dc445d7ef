package dev.guidelab.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.jboss.logging.Logger;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) started from the Kafka
 * jars, for the local default and the tests. No Docker, no ZooKeeper.
 *
 * <p>The log directory is formatted once; restarting on the same directory keeps topics and
 * offsets.
 *
 * <p>Share groups (KIP-932) are on: in Kafka 4.2 they are switched by the cluster feature {@code
 * share.version} (level 1), which the storage is formatted with and which {@link #start} raises on
 * a log directory formatted without it. The broker setting {@code
 * group.coordinator.rebalance.protocols} plays no part any more (4.2 only warns that {@code share}
 * in it is deprecated), and {@code group.share.enable} is an internal switch for Kafka's own tests.
 * The share coordinator's state topic gets one replica, like the other internal topics
 * (docs/platform.md, "Share groups").
 *
 * <p>The broker lives in this JVM, so it dies with it: after {@code kill -9} nothing of it keeps
 * running, and the {@code .lock} file left in the log directory is harmless (the kernel drops the
 * lock held on it with the process; Kafka only locks the file, it does not test for it).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

  /** The cluster feature that switches share groups on (Kafka 4.2: level 1). */
  static final String SHARE_FEATURE = "share.version";

  static final short SHARE_VERSION = 1;

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats {@code logDir} if it is new and starts the broker.
   *
   * @param logDir the broker's data directory (kept across restarts)
   * @param port the PLAINTEXT client port
   * @param controllerPort the KRaft controller port
   */
  public static EmbeddedKafka start(Path logDir, int port, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toAbsolutePath().toString());
    // A single node: every internal topic has one replica.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "8");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // Created at the first share group's first use; 50 partitions by default, far more than one
    // local broker needs (like the offsets topic above).
    props.put("share.coordinator.state.topic.num.partitions", "8");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "8");
    try {
      Files.createDirectories(logDir);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(logDir, props);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    EmbeddedKafka kafka = new EmbeddedKafka(server, "localhost:" + port);
    try {
      kafka.enableShareGroups(logDir);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  /**
   * Raises the cluster feature {@code share.version} to {@value #SHARE_VERSION} if the log
   * directory was formatted without it (by an older Kafka, or with it switched off); a no-op on a
   * directory formatted by {@link #start}.
   */
  private void enableShareGroups(Path logDir) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      FinalizedVersionRange share =
          admin.describeFeatures().featureMetadata().get().finalizedFeatures().get(SHARE_FEATURE);
      if (share != null && share.maxVersionLevel() >= SHARE_VERSION) {
        return;
      }
      admin
          .updateFeatures(
              Map.of(
                  SHARE_FEATURE,
                  new FeatureUpdate(SHARE_VERSION, FeatureUpdate.UpgradeType.UPGRADE)),
              new UpdateFeaturesOptions())
          .all()
          .get();
      LOG.infof(
          "Enabled Kafka share groups (%s %s -> %d) for the data in %s",
          SHARE_FEATURE, share == null ? "0" : share.maxVersionLevel(), SHARE_VERSION, logDir);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot enable share groups on the embedded Kafka broker", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted enabling share groups", e);
    }
  }

  private static void format(Path logDir, Properties props) throws IOException {
    Path config = Files.createTempFile("guidelab-kraft", ".properties");
    try {
      try (Writer out = Files.newBufferedWriter(config)) {
        props.store(out, "guidelab embedded KRaft");
      }
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int exit;
      try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        String clusterId = Uuid.randomUuid().toString();
        exit =
            StorageTool.execute(
                new String[] {
                  "format",
                  "-t",
                  clusterId,
                  "-c",
                  config.toString(),
                  "--feature",
                  SHARE_FEATURE + "=" + SHARE_VERSION
                },
                out);
      }
      if (exit != 0) {
        throw new IllegalStateException(
            "formatting Kafka storage in "
                + logDir
                + " failed: "
                + log.toString(StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(config);
    }
  }

  /** The {@code kafka.bootstrap.servers} value of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
