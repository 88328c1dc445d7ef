package dev.guidelab.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Guidelab ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package}
 * before the flow tests run) started as a separate JVM, for fault tests with real processes: {@link
 * #kill()} is {@code kill -9}, {@link #stop()} is SIGTERM. It runs against a test's Kafka and
 * PostgreSQL ({@link #start}) or, as {@code java -jar} runs it by default, with its own embedded
 * ones ({@link #startEmbedded}). Its log goes to {@code target/processes/<name>.log}; a process
 * started again under the same name starts a new log.
 *
 * <p>Processes of a cluster ({@link #start}) run with accounts off on 127.0.0.1 (their tests are
 * about the queue, not about accounts); one with embedded services starts as {@code java -jar}
 * does, accounts on, and {@link #request()} sends the admin token its first start wrote.
 */
public final class GuidelabProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final String host;
  private final int port;
  private final Path dataDir;
  private final Process process;

  /** Stops the process when the test JVM exits without closing it (a timeout, Ctrl-C). */
  private final Thread reaper;

  private GuidelabProcess(String name, String host, int port, Path dataDir, Process process) {
    this.name = name;
    this.host = host;
    this.port = port;
    this.dataDir = dataDir;
    this.process = process;
    this.reaper = new Thread(this::stop, "stop " + name);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts a process against a test's Kafka and PostgreSQL and waits until it is ready.
   *
   * @param infrastructure the addresses of Kafka and PostgreSQL ({@link
   *     EmbeddedInfrastructure#start()})
   * @param config more settings, e.g. {@code guidelab.role}
   */
  public static GuidelabProcess start(
      String name, Map<String, String> infrastructure, Map<String, String> config) {
    Map<String, String> properties = new LinkedHashMap<>(infrastructure);
    properties.put("guidelab.embedded.enabled", "false");
    properties.put("guidelab.data-dir", Path.of("target", "processes", name + "-data").toString());
    properties.put("quarkus.http.host", "127.0.0.1");
    properties.put("guidelab.auth.enabled", "false");
    // These processes test the queue and the workers: every point is computed, as in @QuarkusTest.
    properties.put("guidelab.spec.reuse", "false");
    properties.putAll(config);
    return launch(name, properties, Duration.ofMinutes(2));
  }

  /**
   * Starts a process as {@code java -jar} runs it by default, with its own embedded Kafka and
   * PostgreSQL keeping their data under {@code dataDir}, and waits until it is ready.
   *
   * @param kafkaPort the embedded broker's port; its controller takes the next one
   * @param config more settings, e.g. {@code guidelab.role}
   */
  public static GuidelabProcess startEmbedded(
      String name, Path dataDir, int kafkaPort, int postgresPort, Map<String, String> config) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("guidelab.embedded.enabled", "true");
    properties.put("guidelab.data-dir", dataDir.toAbsolutePath().toString());
    properties.put("guidelab.embedded.kafka-port", String.valueOf(kafkaPort));
    properties.put("guidelab.embedded.postgres-port", String.valueOf(postgresPort));
    properties.putAll(config);
    // A first start also unpacks PostgreSQL, runs initdb and formats Kafka's storage.
    return launch(name, properties, Duration.ofMinutes(3));
  }

  private static GuidelabProcess launch(
      String name, Map<String, String> settings, Duration readyWithin) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the flow tests with ./mvnw verify");
    }
    int port = freePort();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("quarkus.http.port", String.valueOf(port));
    properties.put("guidelab.worker.name", name);
    properties.putAll(settings);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(JAR.toString());
    try {
      Path log = log(name);
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("DJL_OFFLINE", "true");
      builder.environment().put("OMP_NUM_THREADS", "1");
      GuidelabProcess started =
          new GuidelabProcess(
              name,
              properties.getOrDefault("quarkus.http.host", "0.0.0.0"),
              port,
              Path.of(properties.getOrDefault("guidelab.data-dir", "guidelab-data")),
              builder.start());
      started.awaitReady(readyWithin);
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path log(String name) {
    return Path.of("target", "processes", name + ".log");
  }

  /** What the process has written to its log so far. */
  public String log() {
    try {
      return Files.readString(log(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** Its exit code; only once it has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * Where its REST API answers, as its ready line names it: {@code http://localhost:41234} when it
   * listens on every address, else {@code http://127.0.0.1:41234}.
   */
  public String url() {
    return "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + port;
  }

  /** A request to its API, with the admin token its first start wrote (if accounts are on). */
  public RequestSpecification request() {
    RequestSpecification request = RestAssured.given().baseUri(url());
    Path token = dataDir.resolve("admin-token");
    if (Files.exists(token)) {
      try {
        request.header("Authorization", "Bearer " + Files.readString(token).trim());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return request;
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see its log");
      }
      try {
        HttpResponse<Void> ready =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Await.pause(Duration.ofMillis(250));
    }
    kill();
    throw new IllegalStateException(name + " was not ready within " + timeout);
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is released. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** A graceful stop ({@code SIGTERM}): Quarkus shuts down and releases what it holds. */
  public void stop() {
    process.destroy();
    waitFor();
  }

  private void waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException exiting) {
      // the JVM is exiting and runs the reaper, which finds the process ended
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
