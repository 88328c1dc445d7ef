package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Ledger;
import dev.guidelab.testing.SseRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Results reused, not recomputed (docs/reuse.md), through the API with real Kafka and PostgreSQL:
 * the README's autoguidance sweep submitted again completes at once, every point marked with the
 * point it reused and with that point's numbers; the same sweep computed anew ({@code "reuse":
 * false}) gives those numbers bit for bit; a sweep that adds a weight computes only the new point.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ReuseFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** The README's sweep (7 points of 10,000 samples) at a seed no earlier test used. */
  private static String readmeSweep(String name, long seed, boolean reuse, String cfgWeights) {
    return """
        {"name": "%s", "main": "toy-mlp:A-64-4096",
         "sweep": [{"method": "none"},
                   {"method": "autoguidance", "guide": "toy-mlp:A-32-512", "weights": [1.5, 2, 2.5, 3]},
                   {"method": "cfg", "guide": "toy-mlp:AB-32-512", "weights": [%s]}],
         "samples": 10000, "seed": %d, "reuse": %b}
        """
        .formatted(name, cfgWeights, seed, reuse);
  }

  @TestHTTPResource("/")
  URI root;

  @Inject DataSource db;

  @Test
  void theReadmeSweepSubmittedAgainCompletesAtOnceWithTheNumbersOfAFreshRun() throws Exception {
    long seed = ThreadLocalRandom.current().nextLong(1L << 40);
    String name = "reuse " + seed;
    JsonNode first = Experiments.runToEnd(root, readmeSweep(name, seed, true, "2, 4"), TIMEOUT);
    assertEquals("COMPLETED", first.get("state").asText());
    for (JsonNode point : first.get("points")) {
      assertTrue(point.get("reusedFrom").isNull(), "computed: " + point);
    }

    // Submitted again: the 201 answer is the finished experiment; nothing was queued.
    JsonNode again =
        JSON.readTree(
            given()
                .contentType(ContentType.JSON)
                .body(readmeSweep(name + " again", seed, true, "2, 4"))
                .post("/api/experiments")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    String againId = again.get("id").asText();
    assertEquals("COMPLETED", again.get("state").asText(), again.toPrettyString());
    assertSameResults(first, again);
    for (int i = 0; i < 7; i++) {
      JsonNode source = again.get("points").get(i).get("reusedFrom");
      assertEquals(first.get("points").get(i).get("id"), source.get("pointId"));
      assertEquals(first.get("id"), source.get("experimentId"));
      assertEquals(name, source.get("experimentName").asText());
      assertEquals(first.get("points").get(i).get("label"), source.get("label"));
    }
    assertEquals(
        "0",
        Ledger.text(
            db,
            "SELECT count(*) FROM state_change WHERE experiment_id = ?::uuid AND worker IS NOT NULL",
            againId),
        "no worker touched a reused point");
    assertEquals(
        "7",
        Ledger.text(
            db,
            "SELECT count(*) FROM state_change WHERE experiment_id = ?::uuid"
                + " AND from_state = 'QUEUED' AND to_state = 'COMPLETED' AND point_id IS NOT NULL",
            againId),
        "the history records each reuse");
    // The history counts the reused points; the event stream of a finished experiment ends.
    JsonNode row =
        JSON.readTree(
                given()
                    .queryParam("q", seed + " again")
                    .get("/api/experiments")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString())
            .get("items")
            .get(0);
    assertEquals(againId, row.get("id").asText());
    assertEquals(7, row.get("pointsReused").asInt());
    try (SseRecorder sse =
        SseRecorder.open(root.resolve("api/experiments/" + againId + "/events"))) {
      sse.awaitEnd(Duration.ofSeconds(10));
    }

    // One more weight: six points reused, one queued and computed.
    JsonNode extended =
        Experiments.runToEnd(root, readmeSweep(name + " one more", seed, true, "2, 3, 4"), TIMEOUT);
    List<String> computed = new ArrayList<>();
    for (JsonNode point : extended.get("points")) {
      if (point.get("reusedFrom").isNull()) {
        computed.add(point.get("label").asText());
      }
    }
    assertEquals(List.of("cfg w=3"), computed);
    assertEquals("COMPLETED", extended.get("state").asText());

    // One of the points computed anew ("reuse": false): the numbers of the reused copy, bit for
    // bit.
    String single =
        """
        {"name": "%s fresh", "main": "toy-mlp:A-64-4096",
         "sweep": [{"method": "autoguidance", "guide": "toy-mlp:A-32-512", "weights": [2.5]}],
         "samples": 10000, "seed": %d, "reuse": false}
        """
            .formatted(name, seed);
    JsonNode fresh = Experiments.runToEnd(root, single, TIMEOUT);
    JsonNode freshPoint = fresh.get("points").get(0);
    JsonNode reusedPoint = again.get("points").get(3); // none, then autoguidance 1.5, 2, 2.5
    assertTrue(freshPoint.get("reusedFrom").isNull(), "reuse: false computes: " + freshPoint);
    assertEquals(freshPoint.get("params"), reusedPoint.get("params"));
    for (String field : List.of("samplesDone", "nfePerSample", "metrics", "stderr")) {
      assertEquals(freshPoint.get(field), reusedPoint.get(field), field);
    }
  }

  /** Equal points, labels, metric values, standard errors, NFE and stored series, bit for bit. */
  private static void assertSameResults(JsonNode expected, JsonNode actual) throws Exception {
    JsonNode ours = expected.get("points");
    JsonNode theirs = actual.get("points");
    assertEquals(ours.size(), theirs.size());
    for (int i = 0; i < ours.size(); i++) {
      for (String field :
          List.of("label", "params", "seed", "samples", "samplesDone", "nfePerSample", "metrics")) {
        assertEquals(ours.get(i).get(field), theirs.get(i).get(field), field + " of point " + i);
      }
      assertEquals(ours.get(i).get("stderr"), theirs.get(i).get("stderr"), "stderr " + i);
      assertEquals("COMPLETED", theirs.get(i).get("state").asText());
    }
    JsonNode a = Experiments.series(expected.get("id").asText());
    JsonNode b = Experiments.series(actual.get("id").asText());
    assertEquals(a.size(), b.size(), "stored series rows");
    assertTrue(a.size() >= 7 * 20, "partial and final values: " + a.size());
    for (int i = 0; i < a.size(); i++) {
      for (String field : List.of("metric", "n", "value", "stderr")) {
        assertEquals(a.get(i).get(field), b.get(i).get(field), field + " of row " + i);
      }
      assertNotEquals(a.get(i).get("pointId"), b.get(i).get("pointId"));
    }
  }
}
