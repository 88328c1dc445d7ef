package dev.guidelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.GuidelabProcess;
import dev.guidelab.testing.Processes;
import dev.guidelab.testing.RestartableInfrastructure;
import dev.guidelab.testing.SseRecorder;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The queue survives what breaks queues, with real processes: an api and worker JVMs of the
 * packaged app against a real KRaft broker and PostgreSQL that the test restarts, records written
 * straight onto the topics, a work topic of one partition shared by two workers. Every test checks
 * that nothing is lost (every point completes) and nothing is duplicated (each point's metric rows
 * are exactly one per metric and report).
 */
@Tag("flow")
class QueueFaultsTest {

  /** Samples of a short point; points that must still run when a fault strikes have more. */
  private static final int SAMPLES = 6000;

  /**
   * Sampler steps of every point: these tests count reports and rows, not the numbers in them, so 8
   * Heun steps (15 network evaluations a sample instead of the default 32 steps' 63) keep every
   * batch and report of the default's sample counts at a quarter of its compute.
   */
  private static final int STEPS = 8;

  private static final int LONG = 20_000;
  private static final int BATCH = 1000;

  private static RestartableInfrastructure infrastructure;
  private static GuidelabProcess api;

  @BeforeAll
  static void start() {
    infrastructure = RestartableInfrastructure.start();
    api = start("faults-api", "api");
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    infrastructure.close();
  }

  @Test
  void nullAndGarbageRecordsOnBothTopicsStopNothing() throws Exception {
    try (GuidelabProcess worker = start("faults-worker-garbage", "worker");
        KafkaProducer<byte[], byte[]> producer = producer()) {
      for (String topic : List.of("guidelab-work", "guidelab-progress")) {
        producer.send(new ProducerRecord<>(topic, null, null)).get();
        producer.send(new ProducerRecord<>(topic, bytes("x"), bytes("not json {"))).get();
        producer.send(new ProducerRecord<>(topic, bytes("y"), bytes("{\"pointId\": 7}"))).get();
      }
      String id = submit("after garbage", 3, SAMPLES);
      try (SseRecorder events =
          SseRecorder.open(URI.create(api.url() + "/api/experiments/" + id + "/events"))) {
        List<SseRecorder.Event> received = events.awaitEnd(Duration.ofMinutes(2));
        assertEquals(
            3,
            received.stream().filter(e -> e.name().equals("completed")).count(),
            "live views follow the progress topic past the garbage");
      }
      assertNothingLostNorDuplicated(id, 3);
      JsonNode live = Processes.get(worker, "/q/health/live");
      assertTrue(rejected(live) >= 3, "the unreadable work records were rejected: " + live);
    }
  }

  @Test
  void aHundredCopiesOfAWorkRecordComputeThePointOnce() throws Exception {
    String id = submit("duplicates", 1, SAMPLES);
    String pointId = Processes.get(api, "/api/experiments/" + id).at("/points/0/id").asText();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      byte[] work = bytes("{\"experimentId\":\"" + id + "\",\"pointId\":\"" + pointId + "\"}");
      for (int i = 0; i < 100; i++) {
        var unused = producer.send(new ProducerRecord<>("guidelab-work", bytes(pointId), work));
      }
      producer.flush();
    }
    try (GuidelabProcess worker = start("faults-worker-duplicates", "worker")) {
      Processes.awaitEnd(api, id, Duration.ofMinutes(2));
    }
    assertNothingLostNorDuplicated(id, 1);
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM state_change WHERE point_id = ? AND to_state = 'RUNNING'",
            pointId));
  }

  @Test
  void twoWorkersShareOnePartitionAndNoneIdlesWhilePointsWait() throws Exception {
    try (GuidelabProcess first = start("faults-worker-a", "worker");
        GuidelabProcess second = start("faults-worker-b", "worker")) {
      Instant submitted = Instant.now();
      String id = submit("two workers, one partition", 6, SAMPLES);
      JsonNode done = Processes.awaitEnd(api, id, Duration.ofMinutes(3));
      assertNothingLostNorDuplicated(id, 6);
      Map<String, List<JsonNode>> byWorker = new HashMap<>();
      for (JsonNode point : done.get("points")) {
        byWorker.computeIfAbsent(point.get("worker").asText(), w -> new ArrayList<>()).add(point);
      }
      assertEquals(2, byWorker.size(), "both workers computed points: " + byWorker.keySet());
      // A worker idles between its points only while no point is queued: its next point starts
      // within seconds of its previous one finishing, and its first within seconds of the submit.
      Duration longest = Duration.ZERO;
      for (List<JsonNode> points : byWorker.values()) {
        points.sort((a, b) -> instant(a, "startedAt").compareTo(instant(b, "startedAt")));
        Instant free = submitted;
        for (JsonNode point : points) {
          Duration idle = Duration.between(free, instant(point, "startedAt"));
          assertTrue(idle.toSeconds() < 5, "a worker idled " + idle + " while points waited");
          longest = idle.compareTo(longest) > 0 ? idle : longest;
          free = instant(point, "finishedAt");
        }
      }
      System.out.printf(
          "two workers, one partition: the longest a worker idled while points waited: %.1f s%n",
          longest.toMillis() / 1000.0);
    }
  }

  @Test
  void aDatabaseRestartStopsNoWorker() throws Exception {
    try (GuidelabProcess worker = start("faults-worker-database", "worker")) {
      String id = submit("database restart", 2, LONG);
      Await.until(
          "a point to run",
          Duration.ofMinutes(1),
          () ->
              Processes.get(api, "/api/experiments/" + id).get("state").asText().equals("RUNNING"));
      Instant back;
      try {
        infrastructure.stopPostgres();
        Await.until(
            "the worker to report the database unreachable",
            Duration.ofSeconds(30),
            () -> !ready(worker));
        Await.pause(Duration.ofSeconds(2));
      } finally {
        infrastructure.startPostgres();
        back = Instant.now();
      }
      Await.until(
          "the worker to be ready again, without a restart",
          Duration.ofMinutes(1),
          () -> ready(worker));
      report("database restart: the worker was ready again", back);
      Processes.awaitEnd(api, id, Duration.ofMinutes(3));
      assertNothingLostNorDuplicated(id, 2);
      String after = submit("after the database restart", 1, SAMPLES);
      Processes.awaitEnd(api, after, Duration.ofMinutes(2));
      assertNothingLostNorDuplicated(after, 1);
    }
  }

  @Test
  void aBrokerRestartStopsNoWorker() throws Exception {
    try (GuidelabProcess worker = start("faults-worker-broker", "worker")) {
      String id = submit("broker restart", 2, LONG);
      Await.until(
          "a point to run",
          Duration.ofMinutes(1),
          () ->
              Processes.get(api, "/api/experiments/" + id).get("state").asText().equals("RUNNING"));
      Instant back;
      try {
        infrastructure.stopKafka();
        Await.until(
            "the worker to report the broker unreachable",
            Duration.ofSeconds(90),
            () -> !ready(worker));
      } finally {
        infrastructure.startKafka();
        back = Instant.now();
      }
      Await.until(
          "the worker to be ready again, without a restart",
          Duration.ofMinutes(1),
          () -> ready(worker));
      report("broker restart: the worker was ready again", back);
      Processes.awaitEnd(api, id, Duration.ofMinutes(3));
      assertNothingLostNorDuplicated(id, 2);
      String after = submit("after the broker restart", 1, SAMPLES);
      Processes.awaitEnd(api, after, Duration.ofMinutes(2));
      assertNothingLostNorDuplicated(after, 1);
    }
  }

  @Test
  void aGracefulShutdownGivesThePointBackWithoutSpendingAnAttempt() throws Exception {
    String id;
    try (GuidelabProcess leaving = start("faults-worker-leaving", "worker")) {
      id = submit("graceful shutdown", 1, LONG);
      Await.until(
          "the point to run",
          Duration.ofMinutes(1),
          () ->
              Processes.get(api, "/api/experiments/" + id).at("/points/0/samplesDone").asInt() > 0);
      leaving.stop();
    }
    JsonNode given = Processes.get(api, "/api/experiments/" + id);
    assertEquals("QUEUED", given.at("/points/0/state").asText(), given.toPrettyString());
    assertEquals(
        0, given.at("/points/0/attempt").asInt(), "the interrupted attempt does not count");
    try (GuidelabProcess staying = start("faults-worker-staying", "worker")) {
      JsonNode done = Processes.awaitEnd(api, id, Duration.ofMinutes(2));
      assertEquals(1, done.at("/points/0/attempt").asInt());
    }
    assertNothingLostNorDuplicated(id, 1);
  }

  /** Every point completed, with one metric row per metric and report. */
  private static void assertNothingLostNorDuplicated(String id, int points) throws SQLException {
    JsonNode experiment = Processes.get(api, "/api/experiments/" + id);
    assertEquals("COMPLETED", experiment.get("state").asText(), experiment.toPrettyString());
    assertEquals(points, experiment.get("points").size());
    int metrics = experiment.at("/spec/metrics").size();
    for (JsonNode point : experiment.get("points")) {
      assertEquals("COMPLETED", point.get("state").asText());
      int samples = point.get("samples").asInt();
      assertEquals(samples, point.get("samplesDone").asInt());
      assertEquals(
          (long) (samples / BATCH) * metrics,
          count("SELECT count(*) FROM metric_value WHERE point_id = ?", point.get("id").asText()),
          "one row per metric and report for " + point.get("label").asText());
    }
  }

  private static String submit(String name, int points, int samples) {
    StringBuilder weights = new StringBuilder();
    for (int i = 0; i < points - 1; i++) {
      weights.append(i == 0 ? "" : ", ").append(1.5 + i);
    }
    String sweep =
        points == 1
            ? "[{\"method\": \"none\"}]"
            : "[{\"method\": \"none\"}, {\"method\": \"cfg\", \"guide\": \"toy-oracle:AB\","
                + " \"weights\": ["
                + weights
                + "]}]";
    return Processes.submit(
        api,
        """
        {"name": "%s", "main": "toy-oracle:A", "sweep": %s, "sampler": {"steps": %d},
         "samples": %d, "seed": 3}
        """
            .formatted(name + " " + UUID.randomUUID(), sweep, STEPS, samples));
  }

  private static GuidelabProcess start(String name, String role) {
    return GuidelabProcess.start(
        name,
        infrastructure.addresses(),
        Processes.config(
            role,
            Map.of(
                "guidelab.queue.work-partitions", "1",
                "guidelab.worker.batch-size", String.valueOf(BATCH),
                "guidelab.worker.database-retry-for", "120s",
                // Idle workers ask the ledger at the default interval, twice the 5 s a worker may
                // idle while points wait: only the work topic keeps them busy in these tests.
                "guidelab.worker.idle-claim-interval", "10s")));
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // A broker that is not there fails the test in seconds rather than blocking every send.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(props);
  }

  private static long count(String sql, String id) throws SQLException {
    try (Connection c = infrastructure.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, UUID.fromString(id));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long rejected(JsonNode health) {
    for (JsonNode check : health.get("checks")) {
      if (check.get("name").asText().equals("guidelab worker")) {
        return check.at("/data/rejected work records").asLong();
      }
    }
    throw new AssertionError("no worker check in " + health);
  }

  /**
   * Whether the process's readiness check answers UP. During a broker outage Quarkus's Kafka check
   * waits for the admin client's timeout before it answers DOWN, longer than a probe waits (see
   * ops/k8s): an answer that does not come in time counts as not ready, as it does for a probe.
   */
  private static boolean ready(GuidelabProcess process) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection)
              URI.create(process.url() + "/q/health/ready").toURL().openConnection();
      connection.setConnectTimeout(2000);
      connection.setReadTimeout(5000);
      return connection.getResponseCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Instant instant(JsonNode point, String field) {
    return Instant.parse(point.get(field).asText());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Prints how long ago {@code since} was: the figures the README quotes come from these lines. */
  private static void report(String what, Instant since) {
    System.out.printf(
        "%s %.1f s after%n", what, Duration.between(since, Instant.now()).toMillis() / 1000.0);
  }
}
