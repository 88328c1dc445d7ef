package dev.guidelab.local;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.GuidelabProcess;
import dev.guidelab.testing.Processes;
import dev.guidelab.testing.Specs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL (and Kafka) live and die with the app, as {@code java -jar} runs it by
 * default: real processes of the packaged app in role {@code all} with embedded services on free
 * ports and a data directory of the test's own.
 *
 * <p>SIGTERM stops PostgreSQL with the app: no postgres process of the data directory is left and
 * the ports are free. {@code kill -9} runs nothing, so the postmaster survives it (that is the
 * reason for the next start's check); the next start finds it through {@code postmaster.pid}, stops
 * it, and comes up on the same data: the history is all there and the sweep that was killed mid-way
 * completes, its running point requeued.
 */
@Tag("flow")
class EmbeddedServicesDieWithTheAppTest {

  private Path dataDir;
  private Path postgresData;
  private int kafkaPort;
  private int postgresPort;

  @BeforeEach
  void dataDirectoryAndPorts() throws IOException {
    dataDir = Files.createTempDirectory("guidelab-embedded-test").toRealPath();
    postgresData = dataDir.resolve("postgres");
    kafkaPort = freePortPair();
    postgresPort = freePort();
  }

  @AfterEach
  void removeDataDirectory() throws IOException {
    // A failed test may leave the postmaster behind; it must not outlive the test run.
    for (ProcessHandle postgres : postgresProcesses()) {
      postgres.destroyForcibly();
    }
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void postgresStopsWithTheAppAndAPostmasterLeftByKillIsStoppedAtTheNextStart() throws Exception {
    // (a) SIGTERM: PostgreSQL and Kafka stop with the app.
    String before = Specs.single("before the stop", 2000);
    String beforeId;
    JsonNode beforeView;
    try (GuidelabProcess app = start("embedded-first")) {
      // A first start is short and ends by saying where to open Guidelab.
      String started = app.log();
      int ready = started.indexOf("Guidelab is ready on " + app.url() + " (role all;");
      assertTrue(ready >= 0, "the ready line names the address:\n" + started);
      long lines = started.substring(0, ready).lines().count() + 1;
      assertTrue(lines < 25, "a first start printed " + lines + " lines:\n" + started);
      assertFalse(started.contains("WARN"), "nothing to worry about on a first start:\n" + started);
      // Accounts are on, as java -jar starts: the ready line says how to sign in, and the admin
      // token is in the data directory, for the owner only.
      assertTrue(started.contains("sign in as admin: " + app.url() + "/#/sign-in?code="), started);
      Path token = dataDir.resolve("admin-token");
      assertTrue(started.contains("an admin API token is in " + token), started);
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
      assertFalse(started.contains(Files.readString(token).trim()), "the token is not logged");
      given().baseUri(app.url()).get("/api/experiments").then().statusCode(401);
      beforeId = Processes.submit(app, before);
      beforeView = Processes.awaitEnd(app, beforeId, Duration.ofMinutes(2));
      assertEquals("COMPLETED", beforeView.get("state").asText(), beforeView.toPrettyString());
      assertEquals(1, postmasters().size(), "one postmaster runs from " + postgresData);
      assertEquals("on", setting("fsync"), "the local cluster holds the history: fsync on");
      assertEquals("on", setting("synchronous_commit"));
      for (String probe : List.of("started", "ready", "live")) {
        // What ops/k8s and docker-compose.yml probe.
        given().baseUri(app.url()).get("/q/health/" + probe).then().statusCode(200);
      }

      app.stop();
      assertEquals(Set.of(), postgresProcesses(), "no postgres process of the data dir is left");
      assertFree(postgresPort);
      assertFree(kafkaPort);
      assertTrue(app.log().contains("Stopping embedded PostgreSQL"), "stopped by the app");
    }

    // (b) kill -9 mid-sweep: the postmaster survives the app.
    String killedId;
    long orphan;
    try (GuidelabProcess app = start("embedded-killed")) {
      assertFalse(app.log().contains("Found a PostgreSQL postmaster"), "nothing stale after (a)");
      // Two batches a point (the default batch size, 1,000): the kill comes between them.
      killedId = Processes.submit(app, Specs.cfgSweep("killed mid-sweep", 2000, "2, 3"));
      Await.until(
          "a point of the sweep to be part-way",
          Duration.ofMinutes(2),
          () -> partWay(Processes.get(app, "/api/experiments/" + killedId)));
      app.kill();
      List<ProcessHandle> left = postmasters();
      assertEquals(1, left.size(), "the postmaster outlives kill -9 of its app");
      orphan = left.get(0).pid();
      assertInUse(postgresPort);
    }

    // The next start finds the stale postmaster, stops it and comes up on the same data.
    try (GuidelabProcess app = start("embedded-restarted")) {
      String log = app.log();
      assertTrue(
          log.contains("Found a PostgreSQL postmaster (PID " + orphan),
          "the start says what it found");
      assertTrue(log.contains("Stopped the stale postmaster (PID " + orphan + ")"));
      assertFalse(log.contains("Sending SIGTERM to postmaster"), "pg_ctl stopped it (fast)");
      assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false));
      List<ProcessHandle> running = postmasters();
      assertEquals(1, running.size());
      assertNotEquals(orphan, running.get(0).pid(), "a fresh postmaster");
      assertEquals("on", setting("fsync"));

      JsonNode history = Processes.get(app, "/api/experiments/" + beforeId);
      assertEquals("COMPLETED", history.get("state").asText());
      assertEquals(beforeView.get("points"), history.get("points"), "the history survived");

      JsonNode resumed = Processes.awaitEnd(app, killedId, Duration.ofMinutes(3));
      assertEquals("COMPLETED", resumed.get("state").asText(), resumed.toPrettyString());
      assertTrue(
          StreamSupport.stream(resumed.get("points").spliterator(), false)
              .anyMatch(p -> p.get("attempt").asInt() >= 2),
          "the point running at the kill was requeued: " + resumed.toPrettyString());

      app.stop();
      assertEquals(Set.of(), postgresProcesses());
      assertFree(postgresPort);
    }
  }

  @Test
  void accountsOffIsRefusedUnlessOnlyLoopbackAddressesListen() throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put("guidelab.auth.enabled", "false"); // and quarkus.http.host's default, 0.0.0.0
    IllegalStateException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                GuidelabProcess.startEmbedded(
                    "accounts-off-open", dataDir, kafkaPort, postgresPort, config));
    assertTrue(refused.getMessage().contains("exited"), refused.getMessage());
    String log = Files.readString(Path.of("target", "processes", "accounts-off-open.log"));
    assertTrue(
        log.contains("is allowed only while the HTTP server listens on a loopback address"), log);
    assertEquals(Set.of(), postgresProcesses(), "its PostgreSQL stopped with it");
  }

  @Test
  void aCudaDeviceThisBuildLacksStopsTheStartNamingTheSetting() throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put("guidelab.worker.device", "cuda");
    IllegalStateException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () -> GuidelabProcess.startEmbedded("cuda", dataDir, kafkaPort, postgresPort, config));
    assertTrue(refused.getMessage().contains("exited"), refused.getMessage());
    String log = Files.readString(Path.of("target", "processes", "cuda.log"));
    assertTrue(
        log.contains("Guidelab failed: guidelab.worker.device=cuda asks for a CUDA device"), log);
    assertFalse(log.contains("Exception in thread"), "a refusal, not a crash");
    assertEquals(Set.of(), postgresProcesses(), "its PostgreSQL stopped with it");
  }

  private GuidelabProcess start(String name) {
    Map<String, String> config = new HashMap<>(Processes.FAST_QUEUE);
    config.put("guidelab.role", "all");
    return GuidelabProcess.startEmbedded(name, dataDir, kafkaPort, postgresPort, config);
  }

  /** Whether a point of the experiment is running and has reported part of its samples. */
  private static boolean partWay(JsonNode experiment) {
    return StreamSupport.stream(experiment.get("points").spliterator(), false)
        .anyMatch(
            p ->
                p.get("state").asText().equals("RUNNING")
                    && p.get("samplesDone").asInt() > 0
                    && p.get("samplesDone").asInt() < p.get("samples").asInt());
  }

  /**
   * The postgres processes of the data directory: a postmaster and its children all have it as
   * their working directory.
   */
  private Set<ProcessHandle> postgresProcesses() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .filter(this::inDataDirectory)
        .collect(Collectors.toSet());
  }

  /** The postmasters among them: those whose parent is not one of them. */
  private List<ProcessHandle> postmasters() {
    Set<ProcessHandle> postgres = postgresProcesses();
    return postgres.stream()
        .filter(p -> p.parent().map(parent -> !postgres.contains(parent)).orElse(true))
        .collect(Collectors.toList());
  }

  private boolean inDataDirectory(ProcessHandle process) {
    try {
      return Files.isSameFile(Path.of("/proc", String.valueOf(process.pid()), "cwd"), postgresData);
    } catch (IOException gone) {
      return false;
    }
  }

  private String setting(String name) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgresPort + "/postgres", "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW " + name)) {
      row.next();
      return row.getString(1);
    }
  }

  private static void assertFree(int port) {
    assertFalse(answers(port), "port " + port + " is free");
  }

  private static void assertInUse(int port) {
    assertTrue(answers(port), "port " + port + " is in use");
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free port whose successor is free too (the broker's controller listens there). */
  private static int freePortPair() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = freePort();
      try {
        new ServerSocket(port + 1).close();
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no two free ports in a row");
  }
}
