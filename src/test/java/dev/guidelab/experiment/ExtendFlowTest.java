package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A point asking for more samples than a completed point of equal content continues from that
 * point's kept final state (docs/reuse.md, "Extension"), with real Kafka and PostgreSQL: a
 * 10,000-sample point extended to 20,000 computes only samples 10,000..19,999, and its final
 * numbers equal those of a fresh 20,000-sample run bit for bit — the k-NN metrics' kept set, the FD
 * blocks and the preview included.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ExtendFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static String spec(String name, long seed, int samples, boolean reuse) {
    return """
        {"name": "%s", "main": "toy-oracle:A",
         "sweep": [{"method": "cfg", "guide": "toy-oracle:AB", "weights": [2]}],
         "sampler": {"steps": 16}, "samples": %d, "seed": %d, "reuse": %b,
         "metrics": ["log_likelihood", "branch_tv", "fd", "precision", "recall"]}
        """
        .formatted(name, samples, seed, reuse);
  }

  @TestHTTPResource("/")
  URI root;

  @Inject DataSource db;

  @Test
  void aPointOfMoreSamplesComputesOnlyTheExtraOnesAndEqualsAFreshRun() throws Exception {
    long seed = ThreadLocalRandom.current().nextLong(1L << 40);
    JsonNode small =
        Experiments.runToEnd(root, spec("extend " + seed, seed, 10_000, true), TIMEOUT);
    JsonNode source = small.get("points").get(0);
    assertEquals("COMPLETED", source.get("state").asText());
    assertEquals(
        "10000",
        Ledger.text(
            db,
            "SELECT checkpoint_done FROM point WHERE id = ?::uuid AND checkpoint IS NOT NULL",
            source.get("id").asText()),
        "a completed toy point keeps its final state");

    // 20,000 samples of the same content: queued with the 10,000-sample state as its checkpoint.
    JsonNode submitted =
        JSON.readTree(
            given()
                .contentType(ContentType.JSON)
                .body(spec("extend " + seed + " to 20k", seed, 20_000, true))
                .post("/api/experiments")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    String id = submitted.get("id").asText();
    JsonNode point = submitted.get("points").get(0);
    assertEquals(source.get("id"), point.get("extendedFrom").get("pointId"));
    assertEquals(small.get("id"), point.get("extendedFrom").get("experimentId"));
    assertTrue(point.get("reusedFrom").isNull());
    List<SseRecorder.Event> events;
    try (SseRecorder sse = SseRecorder.open(root.resolve("api/experiments/" + id + "/events"))) {
      events = sse.awaitEnd(TIMEOUT);
    }
    // Every sample count it reported is past 10,000: it computed only the extra samples.
    List<Integer> reported =
        events.stream()
            .filter(e -> e.name().equals("partial") || e.name().equals("completed"))
            .map(e -> read(e.data()).get("n").asInt())
            .toList();
    assertFalse(reported.isEmpty(), events.toString());
    assertTrue(reported.stream().allMatch(n -> n > 10_000), "reported at " + reported);
    assertEquals(20_000, reported.get(reported.size() - 1));
    JsonNode extended = Experiments.get("/api/experiments/" + id);
    assertEquals("COMPLETED", extended.get("state").asText());

    // A fresh run of 20,000 samples: the same final numbers, bit for bit.
    JsonNode fresh =
        Experiments.runToEnd(root, spec("extend " + seed + " fresh", seed, 20_000, false), TIMEOUT);
    JsonNode a = fresh.get("points").get(0);
    JsonNode b = extended.get("points").get(0);
    assertTrue(a.get("extendedFrom").isNull(), "reuse: false computes every sample");
    for (String field : List.of("samplesDone", "nfePerSample", "metrics", "stderr")) {
      assertEquals(a.get(field), b.get(field), field);
    }
    assertEquals(5, b.get("metrics").size(), b.toPrettyString());
    // The curve up to 10,000 samples is the source's, copied.
    assertEquals(
        Ledger.text(
            db,
            "SELECT string_agg(metric || n_samples || ':' || value, ',' ORDER BY metric, n_samples)"
                + " FROM metric_value WHERE point_id = ?::uuid",
            source.get("id").asText()),
        Ledger.text(
            db,
            "SELECT string_agg(metric || n_samples || ':' || value, ',' ORDER BY metric, n_samples)"
                + " FROM metric_value WHERE point_id = ?::uuid AND n_samples <= 10000",
            b.get("id").asText()));
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(json, e);
    }
  }
}
