package dev.guidelab.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) started from the Kafka
 * jars, for the local default and the tests. No Docker, no ZooKeeper.
 *
 * <p>The log directory is formatted once; restarting on the same directory keeps topics and
 * offsets.
 */
public final class EmbeddedKafka implements AutoCloseable {

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
    return new EmbeddedKafka(server, "localhost:" + port);
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
                new String[] {"format", "-t", clusterId, "-c", config.toString()}, out);
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
