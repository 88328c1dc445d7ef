package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.SseRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the workers do, as the api reports it: the cost a spec check answers (docs/spec.md, "Cost":
 * points, samples and network evaluations counted from the spec, a warning above the configured
 * size, a time estimated from the throughput the workers measured on points they computed), and the
 * queue ({@code GET /api/queue}: each worker's device and running point, the experiments waiting).
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class WorkloadFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI root;

  /** Unguided and CFG at four weights on the oracle, 16 Heun steps (31 evaluations per sample). */
  private static String spec(int samples) {
    return """
        {"name": "cost", "main": "toy-oracle:A",
         "sweep": [{"method": "none"},
                   {"method": "cfg", "guide": "toy-oracle:AB", "weights": [1.5, 2, 3, 4]}],
         "sampler": {"steps": 16}, "samples": %d, "seed": [1, 2], "metrics": ["fd"]}
        """
        .formatted(samples);
  }

  private static JsonNode cost(String spec) throws Exception {
    String body =
        given()
            .contentType(ContentType.JSON)
            .body(spec)
            .post("/api/experiments/validate")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return JSON.readTree(body).get("cost");
  }

  @Test
  void aLargeSweepIsCountedAndWarnedAbout() throws Exception {
    JsonNode cost = cost(spec(1_000_000));
    assertEquals(10, cost.get("points").asInt(), "5 points × 2 seeds");
    assertEquals(10_000_000, cost.get("samples").asLong());
    // Per sample 31 evaluations of one network (none) or of two (cfg), 2 seeds.
    assertEquals(2 * 1_000_000L * 31 * (1 + 4 * 2), cost.get("evaluations").asLong());
    String warning = cost.get("warning").asText();
    assertTrue(warning.contains("558,000,000 network evaluations"), warning);
    assertTrue(warning.contains("guidelab.spec.warn-evaluations"), warning);
  }

  @Test
  void aSmallSweepIsEstimatedFromTheWorkersMeasuredThroughput() throws Exception {
    JsonNode done = Experiments.runToEnd(root, spec(500), Duration.ofMinutes(3));
    assertEquals("COMPLETED", done.get("state").asText(), done.toString());
    JsonNode cost = cost(spec(500));
    assertNull(cost.get("warning").textValue());
    assertTrue(cost.get("workers").asInt() >= 1, cost.toString());
    double rate = cost.get("evaluationsPerSecond").asDouble();
    assertTrue(rate > 0, cost.toString());
    double expected =
        (cost.get("queuedEvaluations").asLong() + cost.get("evaluations").asLong()) / rate;
    assertEquals(expected, cost.get("seconds").asDouble(), 1e-9 * expected);
    // This machine computes thousands of oracle evaluations per second: the estimate is seconds.
    assertTrue(cost.get("seconds").asDouble() < 600, cost.toString());
  }

  @Test
  void theQueueShowsWhatEachWorkerRunsAndWhatWaits() throws Exception {
    String id = Experiments.submit(spec(1000));
    JsonNode queue = null;
    for (int i = 0; i < 600; i++) {
      queue = Experiments.get("/api/queue");
      if (runs(queue, id) && waits(queue, id) > 0) {
        break;
      }
      Thread.sleep(50);
    }
    assertTrue(runs(queue, id), String.valueOf(queue));
    int waiting = waits(queue, id);
    assertTrue(waiting > 0 && waiting < 10, String.valueOf(queue));
    try (SseRecorder sse = SseRecorder.open(root.resolve("api/experiments/" + id + "/events"))) {
      sse.awaitEnd(Duration.ofMinutes(3));
    }
    queue = Experiments.get("/api/queue");
    assertEquals(0, waits(queue, id), queue.toString());
    // Every point records its worker and the device it computed on: guidelab.worker.device=auto
    // resolved on a machine without CUDA.
    JsonNode points = Experiments.get("/api/experiments/" + id).get("points");
    for (JsonNode point : points) {
      assertEquals("cpu", point.get("device").asText(), point.toString());
    }
    // The worker that computed it is still listed with its device, idle now, with its measured
    // throughput.
    String worker = points.get(0).get("worker").asText();
    JsonNode listed = null;
    for (JsonNode w : queue.get("workers")) {
      if (w.get("name").asText().equals(worker)) {
        listed = w;
      }
    }
    assertTrue(listed != null && listed.get("running").isNull(), queue.toString());
    assertEquals("cpu", listed.get("device").asText(), queue.toString());
    assertTrue(listed.get("evaluationsPerSecond").asDouble() > 0, queue.toString());
  }

  /** Whether a worker of {@code queue} runs a point of experiment {@code id}. */
  private static boolean runs(JsonNode queue, String id) {
    for (JsonNode worker : queue.get("workers")) {
      JsonNode running = worker.get("running");
      if (!running.isNull() && running.get("experimentId").asText().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** How many points of experiment {@code id} the queue lists as waiting. */
  private static int waits(JsonNode queue, String id) {
    for (JsonNode queued : queue.get("queued")) {
      if (queued.get("experimentId").asText().equals(id)) {
        return queued.get("points").asInt();
      }
    }
    return 0;
  }
}
