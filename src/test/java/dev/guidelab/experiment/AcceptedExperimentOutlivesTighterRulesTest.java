package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.testing.GuidelabProcess;
import dev.guidelab.testing.ProcessCluster;
import dev.guidelab.testing.Processes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An experiment accepted under one version of the rules keeps running to the same numbers after the
 * rules tighten: workers read its resolved form, never the spec parser. Real processes (the
 * packaged app) against a real Kafka and PostgreSQL: an api and a worker under the default limit of
 * 1,000,000 samples per point, then one process whose limit is 1,000.
 */
@Tag("flow")
class AcceptedExperimentOutlivesTighterRulesTest {

  private static final String SPEC =
      """
      {"name": "outlives tighter rules", "main": "toy-mlp:A-64-4096",
       "sweep": [{"method": "none"},
                 {"method": "autoguidance", "guide": "toy-mlp:A-32-512", "weights": [2]}],
       "sampler": {"steps": 16}, "samples": 2000, "seed": 7}
      """;

  @RegisterExtension static final ProcessCluster CLUSTER = new ProcessCluster();

  @Test
  void anExperimentAcceptedBeforeARuleTightenedStillRunsToTheSameNumbers() {
    JsonNode computedThen;
    String acceptedThen;
    try (GuidelabProcess api = CLUSTER.start("rules-api", "api", Map.of());
        GuidelabProcess worker = CLUSTER.start("rules-worker", "worker", Map.of())) {
      computedThen = Processes.awaitEnd(api, Processes.submit(api, SPEC), Duration.ofMinutes(2));
      assertEquals("COMPLETED", computedThen.get("state").asText(), computedThen.toPrettyString());
      worker.stop();
      // Accepted while the limit was 1,000,000 and queued: no worker runs.
      acceptedThen = Processes.submit(api, SPEC);
    }

    try (GuidelabProcess tightened =
        CLUSTER.start("rules-tightened", "all", Map.of("guidelab.spec.max-samples", "1000"))) {
      given()
          .baseUri(tightened.url())
          .contentType("application/json")
          .body(SPEC)
          .post("/api/experiments/validate")
          .then()
          .statusCode(400)
          .body("violations.field", hasItem("samples"));

      JsonNode computedNow = Processes.awaitEnd(tightened, acceptedThen, Duration.ofMinutes(2));
      assertEquals("COMPLETED", computedNow.get("state").asText(), computedNow.toPrettyString());
      for (int i = 0; i < 2; i++) {
        JsonNode then = computedThen.get("points").get(i);
        JsonNode now = computedNow.get("points").get(i);
        assertEquals(then.get("label"), now.get("label"));
        assertEquals(then.get("metrics"), now.get("metrics"), "bit for bit: " + now.get("label"));
        assertEquals(then.get("stderr"), now.get("stderr"), "bit for bit: " + now.get("label"));
      }
    }
  }
}
