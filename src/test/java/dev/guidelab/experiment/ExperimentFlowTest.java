package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.metrics.ToyTop1Reference;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Specs;
import dev.guidelab.testing.SseRecorder;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sweep submitted over REST runs through Kafka and the worker and streams its progress over SSE.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ExperimentFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLES = 1500; // three batches of 500 (test profile)

  @TestHTTPResource("/")
  URI root;

  @Test
  void sweepStreamsSnapshotThenClaimsPartialsAndCompletionsAndStoresResults() throws Exception {
    var response =
        given()
            .contentType(ContentType.JSON)
            .body(Specs.cfgSweep("flow", SAMPLES, "1, 3"))
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract();
    JsonNode created = JSON.readTree(response.asString());
    String id = created.get("id").asText();
    assertTrue(response.header("Location").endsWith("/api/experiments/" + id));
    assertEquals(3, created.get("points").size());
    assertEquals("QUEUED", created.get("state").asText());

    List<SseRecorder.Event> events;
    try (SseRecorder sse = SseRecorder.open(root.resolve("api/experiments/" + id + "/events"))) {
      events = sse.awaitEnd(Duration.ofMinutes(2));
    }

    // Snapshot first, then deltas; the stream ends with the experiment.
    assertEquals("snapshot", events.get(0).name());
    JsonNode snapshot = JSON.readTree(events.get(0).data());
    assertEquals(id, snapshot.get("id").asText());
    Map<String, List<JsonNode>> byPoint = new HashMap<>();
    for (SseRecorder.Event event : events.subList(1, events.size())) {
      JsonNode data = JSON.readTree(event.data());
      assertEquals(event.name(), data.get("type").asText());
      assertEquals(id, data.get("experimentId").asText());
      byPoint.computeIfAbsent(data.get("pointId").asText(), k -> new ArrayList<>()).add(data);
    }
    JsonNode last = JSON.readTree(events.get(events.size() - 1).data());
    assertEquals("completed", last.get("type").asText());
    assertEquals("COMPLETED", last.get("experimentState").asText());

    int fullyObserved = 0;
    for (JsonNode point : snapshot.get("points")) {
      List<JsonNode> stream = byPoint.get(point.get("id").asText());
      assertNotNull(stream, "no events for point " + point.get("label"));
      assertProgressesInOrder(point, stream);
      if (stream.get(0).get("type").asText().equals("claimed")) {
        fullyObserved++;
      }
    }
    // The worker computes one point at a time, so later points start after the stream is open.
    assertTrue(fullyObserved >= 1, "at least one point observed from its claim on");

    JsonNode stored =
        JSON.readTree(
            given().get("/api/experiments/" + id).then().statusCode(200).extract().asString());
    assertEquals("COMPLETED", stored.get("state").asText());
    assertNotNull(stored.get("finishedAt").textValue());
    for (JsonNode point : stored.get("points")) {
      assertEquals("COMPLETED", point.get("state").asText());
      assertEquals(SAMPLES, point.get("samplesDone").asInt());
      assertEquals(5, point.get("metrics").size());
      double logLikelihood = point.get("metrics").get("log_likelihood").asDouble();
      assertTrue(logLikelihood > 0.5 && logLikelihood < 3, "log-likelihood " + logLikelihood);
      assertTrue(point.get("metrics").get("branches_hit").asInt() > 50);
    }
    // NFE per sample for 16 Heun steps: 2N − 1 = 31 per network; w = 1 skips the guide.
    assertEquals(31, stored.get("points").get(0).get("nfePerSample").asDouble(), 1e-9);
    assertEquals(31, stored.get("points").get(1).get("nfePerSample").asDouble(), 1e-9);
    assertEquals(62, stored.get("points").get(2).get("nfePerSample").asDouble(), 1e-9);

    // The first 1000 samples of each point are kept, each scored against the reference set.
    String pointId = stored.get("points").get(0).get("id").asText();
    JsonNode preview =
        JSON.readTree(
            given()
                .get("/api/experiments/" + id + "/points/" + pointId + "/samples")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertEquals(1000, preview.get("n").asInt());
    assertEquals(1000, preview.get("samples").size());
    assertEquals(1000, preview.get("realism").size());
    assertEquals(1000, preview.get("rarity").size());
    // Realism ranks samples: the 50 least realistic lie where the true density is far lower than
    // where the 50 most realistic lie.
    var classA = ToyGroundTruth.get().mixture(ToyClass.A);
    List<double[]> ranked = new ArrayList<>(); // [log p_A, realism]
    for (int i = 0; i < 1000; i++) {
      JsonNode xy = preview.get("samples").get(i);
      JsonNode realism = preview.get("realism").get(i);
      ranked.add(
          new double[] {
            classA.logDensity(xy.get(0).asDouble(), xy.get(1).asDouble(), 0),
            realism.isNull() ? Double.NEGATIVE_INFINITY : realism.asDouble()
          });
    }
    ranked.sort((a, b) -> Double.compare(a[1], b[1]));
    double leastTypical =
        ranked.subList(0, 50).stream().mapToDouble(r -> r[0]).average().orElseThrow();
    double mostTypical =
        ranked.subList(950, 1000).stream().mapToDouble(r -> r[0]).average().orElseThrow();
    assertTrue(mostTypical > leastTypical + 1, "log p_A " + leastTypical + " vs " + mostTypical);
    given()
        .get("/api/experiments/" + id + "/points/" + java.util.UUID.randomUUID() + "/samples")
        .then()
        .statusCode(404);

    // The curve against n is stored: 5 metrics at n = 500, 1000, 1500 for each point.
    JsonNode series = Experiments.series(id);
    assertEquals(3 * 5 * 3, series.size());
  }

  @Test
  void metricsComputedOnRequestAreStoredWithTheirErrors() throws Exception {
    String spec =
        """
        {"name": "on request", "main": "toy-oracle:A", "sweep": [{"method": "none"}],
         "sampler": {"steps": 16}, "samples": %d, "seed": 5,
         "metrics": ["fd", "fd_infinity", "realism", "rarity"]}
        """
            .formatted(SAMPLES);
    JsonNode point = Experiments.runToEnd(root, spec, Duration.ofMinutes(2)).get("points").get(0);
    assertEquals("COMPLETED", point.get("state").asText());
    JsonNode metrics = point.get("metrics");
    JsonNode stderr = point.get("stderr");
    assertEquals(4, metrics.size(), metrics.toString());
    for (String name : List.of("fd_infinity", "realism", "rarity")) {
      assertTrue(metrics.get(name).isNumber(), name + " in " + metrics);
      assertTrue(stderr.get(name).asDouble() > 0, name + " error in " + stderr);
    }
    // The oracle's 16-step samples are near-exact: FD∞ near 0 (FD of N = 1500 exact samples is
    // ≈ 3e-4), realism and rarity near their values for exact samples (0.86 and 0.0057).
    assertTrue(Math.abs(metrics.get("fd_infinity").asDouble()) < 0.01, metrics.toString());
    assertEquals(0.86, metrics.get("realism").asDouble(), 0.3, metrics.toString());
    assertEquals(0.0057, metrics.get("rarity").asDouble(), 0.002, metrics.toString());
  }

  /**
   * The Top-1 class diagnostic through the whole flow: unguided oracle samples with the reference
   * 32 Heun steps have class A's Top-1 share (r_A = 0.9956, 4 binomial SEs ≈ 0.007 at n = 1500;
   * with 16 steps this seed gave 0.986, ≈ 5 SE below: the diagnostic sees the discretisation
   * error), and CFG, which samples roughly ∝ p_A · P(A|x)^{w−1}, classifies at least as many as A.
   */
  @Test
  void top1ClassMetricsAreStreamedAndStoredWithTheirErrors() throws Exception {
    String spec =
        """
        {"name": "top-1", "main": "toy-oracle:A",
         "sweep": [{"method": "none"},
                   {"method": "cfg", "guide": "toy-oracle:AB", "weights": [4]}],
         "samples": %d, "seed": 9, "metrics": ["top1_a", "top1_tv"], "reference": "toy-exact:A"}
        """
            .formatted(SAMPLES);
    JsonNode experiment = Experiments.runToEnd(root, spec, Duration.ofMinutes(2));
    String id = experiment.get("id").asText();
    JsonNode points = experiment.get("points");
    double rA = ToyTop1Reference.classifiedA(ToyClass.A).value();
    double[] top1 = new double[2];
    for (int i = 0; i < 2; i++) {
      JsonNode point = points.get(i);
      assertEquals("COMPLETED", point.get("state").asText());
      JsonNode metrics = point.get("metrics");
      JsonNode stderr = point.get("stderr");
      assertEquals(2, metrics.size(), metrics.toString());
      top1[i] = metrics.get("top1_a").asDouble();
      assertEquals(Math.abs(top1[i] - rA), metrics.get("top1_tv").asDouble(), 1e-12);
      double se = Math.sqrt(top1[i] * (1 - top1[i]) / SAMPLES);
      assertEquals(se, stderr.get("top1_a").asDouble(), 1e-12, stderr.toString());
      assertTrue(stderr.get("top1_tv").asDouble() >= se, stderr.toString());
    }
    assertEquals(rA, top1[0], 4 * Math.sqrt(rA * (1 - rA) / SAMPLES), "unguided");
    assertTrue(top1[1] >= top1[0], "cfg w=4 " + top1[1] + " vs unguided " + top1[0]);

    // Partial values are stored too: both metrics at n = 500, 1000, 1500 for each point.
    JsonNode series = Experiments.series(id);
    assertEquals(2 * 2 * 3, series.size());
  }

  /**
   * The point's events, read after a snapshot that saw it in some state, continue from that state:
   * claim, partial metrics at increasing n, completion (events the snapshot already reflects may
   * repeat).
   */
  private static void assertProgressesInOrder(JsonNode snapshotPoint, List<JsonNode> stream) {
    String label = snapshotPoint.get("label").asText();
    if (snapshotPoint.get("state").asText().equals("QUEUED")) {
      assertEquals("claimed", stream.get(0).get("type").asText(), label + " starts with its claim");
    }
    int lastN = 0;
    for (int i = 0; i < stream.size(); i++) {
      JsonNode event = stream.get(i);
      String type = event.get("type").asText();
      switch (type) {
        case "claimed" -> assertEquals(0, i, label + ": claim comes first");
        case "partial" -> {
          int n = event.get("n").asInt();
          assertTrue(n > lastN, label + ": partial n increases, got " + n + " after " + lastN);
          assertEquals(SAMPLES, event.get("samples").asInt());
          assertEquals(5, event.get("metrics").size());
          lastN = n;
        }
        case "completed" -> {
          assertEquals(stream.size() - 1, i, label + ": completion comes last");
          assertEquals(SAMPLES, event.get("n").asInt());
        }
        default -> throw new AssertionError(label + ": unexpected event " + type);
      }
    }
    assertEquals(
        "completed", stream.get(stream.size() - 1).get("type").asText(), label + " completes");
    assertFalse(stream.isEmpty());
  }
}
