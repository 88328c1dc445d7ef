package dev.guidelab.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Share groups (KIP-932) work on the embedded broker, the one the local run and the tests use: a
 * share consumer receives what is produced, two share consumers share one partition (a share group
 * may have more consumers than partitions), and a record that is released, or not acknowledged
 * before its consumer closes, is delivered again. Each share consumer here takes one record per
 * poll ({@code share.acquire.mode=record_limit}, {@code max.poll.records=1}) and acknowledges
 * explicitly, as a worker taking one point at a time would.
 */
@Tag("flow")
class EmbeddedKafkaShareGroupsTest {

  private static final Duration WITHIN = Duration.ofSeconds(60);

  private static Path logDir;
  private static EmbeddedKafka kafka;
  private static Admin admin;

  @BeforeAll
  static void startBroker() throws IOException {
    logDir = Files.createTempDirectory("guidelab-test-share-groups");
    kafka = EmbeddedKafka.start(logDir, freePort(), freePort());
    admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() throws IOException {
    if (admin != null) {
      admin.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    try (Stream<Path> paths = Files.walk(logDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void theBrokerRunsWithTheShareFeatureOn() throws Exception {
    FinalizedVersionRange share =
        admin
            .describeFeatures()
            .featureMetadata()
            .get()
            .finalizedFeatures()
            .get(EmbeddedKafka.SHARE_FEATURE);
    assertNotNull(share, "share.version is finalized");
    assertTrue(share.maxVersionLevel() >= 1, "share.version " + share.maxVersionLevel());
  }

  @Test
  void aShareConsumerInGroupGReceivesWhatIsProduced() throws Exception {
    String topic = topic("share-receive");
    shareGroupFromEarliest("g");
    produce(topic, "a", "b", "c");
    try (KafkaShareConsumer<String, String> consumer = consumer("g", "receiver")) {
      consumer.subscribe(List.of(topic));
      List<String> received = new ArrayList<>();
      Await.until(
          "three records",
          WITHIN,
          () -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
              received.add(record.value());
              consumer.acknowledge(record, AcknowledgeType.ACCEPT);
            }
            consumer.commitSync();
            return received.size() >= 3;
          });
      assertEquals(List.of("a", "b", "c"), received, "one partition: in order, each once");
    }
  }

  @Test
  void twoShareConsumersShareOnePartition() throws Exception {
    String topic = topic("share-two");
    String group = "g-two";
    shareGroupFromEarliest(group);
    try (KafkaShareConsumer<String, String> first = consumer(group, "first");
        KafkaShareConsumer<String, String> second = consumer(group, "second")) {
      first.subscribe(List.of(topic));
      second.subscribe(List.of(topic));
      // Both members hold the topic's one partition before anything is produced.
      Await.until(
          "both members to be assigned the partition",
          WITHIN,
          () -> {
            first.poll(Duration.ofMillis(100));
            second.poll(Duration.ofMillis(100));
            return membersWithPartition(group) == 2;
          });

      List<String> values = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        values.add("r" + i);
      }
      produce(topic, values.toArray(String[]::new));
      List<String> byFirst = new ArrayList<>();
      List<String> bySecond = new ArrayList<>();
      Await.until(
          "all twenty records",
          WITHIN,
          () -> {
            take(first, byFirst);
            take(second, bySecond);
            return byFirst.size() + bySecond.size() >= values.size();
          });
      assertTrue(
          !byFirst.isEmpty() && !bySecond.isEmpty(),
          "both consumers of one partition got records: " + byFirst + " / " + bySecond);
      List<String> all = new ArrayList<>(byFirst);
      all.addAll(bySecond);
      all.sort(Comparator.comparingInt(v -> Integer.parseInt(v.substring(1))));
      assertEquals(values, all, "each record went to exactly one of them");
    }
  }

  @Test
  void aReleasedOrUnacknowledgedRecordIsDeliveredAgain() throws Exception {
    String topic = topic("share-again");
    String group = "g-again";
    shareGroupFromEarliest(group);
    produce(topic, "point");

    // Released: handed back at once, for another delivery.
    try (KafkaShareConsumer<String, String> consumer = consumer(group, "releasing")) {
      consumer.subscribe(List.of(topic));
      ConsumerRecord<String, String> first = awaitRecord(consumer);
      assertEquals(1, (int) first.deliveryCount().orElseThrow());
      consumer.acknowledge(first, AcknowledgeType.RELEASE);
      consumer.commitSync();

      ConsumerRecord<String, String> again = awaitRecord(consumer);
      assertEquals("point", again.value());
      assertEquals(first.offset(), again.offset());
      assertEquals(2, (int) again.deliveryCount().orElseThrow());
      // Not acknowledged at all: closing the consumer releases it.
    }
    try (KafkaShareConsumer<String, String> consumer = consumer(group, "after-close")) {
      consumer.subscribe(List.of(topic));
      ConsumerRecord<String, String> third = awaitRecord(consumer);
      assertEquals("point", third.value());
      assertEquals(3, (int) third.deliveryCount().orElseThrow());
      consumer.acknowledge(third, AcknowledgeType.ACCEPT);
      consumer.commitSync();
    }
  }

  /** A new topic of one partition. */
  private static String topic(String name) throws ExecutionException, InterruptedException {
    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    return name;
  }

  /** A new share group starts at the latest offset unless its group config says otherwise. */
  private static void shareGroupFromEarliest(String group)
      throws ExecutionException, InterruptedException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
    Map<ConfigResource, Collection<AlterConfigOp>> change =
        Map.of(
            resource,
            List.of(
                new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"),
                    AlterConfigOp.OpType.SET)));
    admin.incrementalAlterConfigs(change).all().get();
  }

  private static int membersWithPartition(String group) {
    try {
      ShareGroupDescription description =
          admin.describeShareGroups(List.of(group)).describedGroups().get(group).get();
      return (int)
          description.members().stream()
              .filter(m -> !m.assignment().topicPartitions().isEmpty())
              .count();
    } catch (ExecutionException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void take(KafkaShareConsumer<String, String> consumer, List<String> into) {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
      into.add(record.value());
      consumer.acknowledge(record, AcknowledgeType.ACCEPT);
    }
    consumer.commitSync();
  }

  private static ConsumerRecord<String, String> awaitRecord(
      KafkaShareConsumer<String, String> consumer) {
    List<ConsumerRecord<String, String>> got = new ArrayList<>();
    Await.until(
        "a record",
        WITHIN,
        () -> {
          consumer.poll(Duration.ofMillis(200)).forEach(got::add);
          return !got.isEmpty();
        });
    assertEquals(1, got.size(), "one record per poll");
    return got.get(0);
  }

  private static void produce(String topic, String... values) throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value)).get();
      }
    }
  }

  private static KafkaShareConsumer<String, String> consumer(String group, String name) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("group.id", group);
    config.put("client.id", name);
    config.put("share.acknowledgement.mode", "explicit");
    config.put("share.acquire.mode", "record_limit");
    config.put("max.poll.records", 1);
    return new KafkaShareConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
