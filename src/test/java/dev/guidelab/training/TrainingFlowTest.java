package dev.guidelab.training;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A toy network trained through the queue streams its loss, registers its snapshots, and is usable
 * in a sweep.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class TrainingFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI root;

  @Test
  void aTrainedModelStreamsItsLossRegistersSnapshotsAndGuidesASweep() throws Exception {
    String training =
        """
        {"name": "tiny", "classes": "A", "width": 16, "iterations": 300, "batchSize": 256, "seed": 3,
         "priority": -2}
        """;
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(training)
            .post("/api/trainings")
            .then()
            .statusCode(201)
            .body("spec.priority", equalTo(-2))
            .extract()
            .path("id");
    List<SseRecorder.Event> events;
    try (SseRecorder sse = SseRecorder.open(root.resolve("api/experiments/" + id + "/events"))) {
      events = sse.awaitEnd(Duration.ofMinutes(3));
    }
    int lastIteration = 0;
    int partials = 0;
    for (SseRecorder.Event event : events.subList(1, events.size())) {
      JsonNode data = JSON.readTree(event.data());
      if (event.name().equals("partial")) {
        int n = data.get("n").asInt();
        assertTrue(n > lastIteration && n % 16 == 0, "loss reported every 16 iterations, got " + n);
        assertTrue(data.get("metrics").get("loss").asDouble() > 0);
        assertEquals(300, data.get("samples").asInt());
        lastIteration = n;
        partials++;
      }
    }
    assertTrue(partials >= 1, "live loss reports: " + partials);
    // Every report is also stored: the mean loss of iterations 16, 32, ..., 288 (300 is the end).
    JsonNode series = Experiments.series(id);
    int losses = 0;
    for (JsonNode row : series) {
      if (row.get("metric").asText().equals("loss")) {
        assertEquals(16 * ++losses, row.get("n").asInt());
      }
    }
    assertEquals(18, losses);
    JsonNode last = JSON.readTree(events.get(events.size() - 1).data());
    assertEquals("completed", last.get("type").asText());
    assertTrue(last.get("metrics").get("validation_loss").asDouble() > 0);

    // Snapshot at 256, the final weights under their iteration and under the run's name.
    JsonNode models =
        JSON.readTree(given().get("/api/models").then().statusCode(200).extract().asString());
    String snapshot = sha(models, "toy-mlp:tiny-256");
    String last300 = sha(models, "toy-mlp:tiny-300");
    assertNotNull(snapshot);
    assertEquals(last300, sha(models, "toy-mlp:tiny"));
    assertTrue(!snapshot.equals(last300));

    // The name is taken now.
    given()
        .contentType(ContentType.JSON)
        .body(training)
        .post("/api/trainings")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("name"));

    // The trained model guides a sweep: the final model is main, the earlier snapshot its guide.
    String sweep =
        """
        {"name": "tiny autoguided", "main": "toy-mlp:tiny",
         "sweep": [{"method": "none"}, {"method": "autoguidance", "guide": "toy-mlp:tiny-256", "weights": [2]}],
         "samples": 1000, "seed": 1}
        """;
    JsonNode done = Experiments.runToEnd(root, sweep, Duration.ofMinutes(2));
    assertEquals("COMPLETED", done.get("state").asText());
    assertEquals(last300, done.get("pins").get("models").get("toy-mlp:tiny").asText());
    assertEquals(snapshot, done.get("pins").get("models").get("toy-mlp:tiny-256").asText());
    // 32 Heun steps: 63 evaluations of main, and as many of the guide when guided.
    assertEquals(63, done.get("points").get(0).get("nfePerSample").asDouble(), 1e-9);
    assertEquals(126, done.get("points").get(1).get("nfePerSample").asDouble(), 1e-9);

    // Its post-hoc EMA snapshots (iterations 256 and 300, σ_rel 0.05 and 0.10) are its family:
    // another width at its last iteration is reconstructed at submission.
    String postHoc =
        """
        {"name": "tiny post-hoc", "main": "toy-mlp:tiny@ema=0.07", "sweep": [{"method": "none"}],
         "samples": 500, "seed": 1}
        """;
    assertEquals(
        "COMPLETED",
        Experiments.runToEnd(root, postHoc, Duration.ofMinutes(2)).get("state").asText());
    JsonNode provenance = null;
    for (JsonNode model : Experiments.get("/api/models")) {
      if (model.get("name").asText().equals("toy-mlp:tiny@ema=0.07")) {
        provenance = model.get("params").get("postHoc");
      }
    }
    assertEquals("toy-mlp:tiny", provenance.get("family").asText());
    assertEquals(300, provenance.get("iteration").asInt());
    assertEquals(4, provenance.get("snapshots").asInt());
  }

  private static String sha(JsonNode models, String name) {
    for (JsonNode model : models) {
      if (model.get("name").asText().equals(name)) {
        return model.get("sha256").asText();
      }
    }
    return null;
  }

  @Test
  void builtInReferenceModelsAreRegisteredOnStart() {
    given()
        .get("/api/models")
        .then()
        .statusCode(200)
        .body("name", hasItem("toy-mlp:A-64-4096"))
        .body("name", hasItem("toy-mlp:A-32-512"))
        .body("name", hasItem("toy-mlp:AB-32-512"))
        .body("name", hasItem("toy-mlp:cond-64"));
  }

  @Test
  void invalidTrainingsAreRejectedByField() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"bad name!\", \"classes\": \"C\", \"width\": 0, \"emaSigmaRel\": 0.5, \"colour\": 1,"
                + " \"priority\": 20}")
        .post("/api/trainings")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("name"))
        .body("violations.field", hasItem("classes"))
        .body("violations.field", hasItem("width"))
        .body("violations.field", hasItem("emaSigmaRel"))
        .body("violations.field", hasItem("colour"))
        .body("violations.field", hasItem("priority"));
  }
}
