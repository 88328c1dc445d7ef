package dev.guidelab.training;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Post-hoc EMA addresses through the whole service: a sweep whose main and guide are reconstructed
 * from the shipped snapshot families runs to completion, the reconstructions are listed as models
 * with their provenance, and addresses the families cannot serve are rejected naming the field.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class PostHocEmaFlowTest {

  private static final String MAIN = "toy-mlp:A-64-4096@ema=0.08";
  private static final String GUIDE = "toy-mlp:A-32@it=512,ema=0.05";

  @TestHTTPResource("/")
  URI root;

  private static String spec(String main, String guide) {
    return """
        {"name": "post-hoc EMA", "main": "%s",
         "sweep": [{"method": "autoguidance", "guide": "%s", "weights": [2]}],
         "samples": 1000, "seed": 1, "metrics": ["log_likelihood"]}
        """
        .formatted(main, guide);
  }

  private static JsonNode model(JsonNode models, String name) {
    for (JsonNode m : models) {
      if (m.get("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("model " + name + " is not listed: " + models);
  }

  @Test
  void reconstructedMainAndGuideRunAndAreListedWithTheirProvenance() throws Exception {
    JsonNode experiment = Experiments.runToEnd(root, spec(MAIN, GUIDE), Duration.ofMinutes(5));
    assertEquals("COMPLETED", experiment.get("state").asText(), experiment.toString());
    double logLikelihood =
        experiment.get("points").get(0).get("metrics").get("log_likelihood").asDouble();
    assertTrue(logLikelihood > 0.5, "log-likelihood " + logLikelihood);

    JsonNode models = Experiments.get("/api/models");
    JsonNode main = model(models, MAIN);
    JsonNode mainPostHoc = main.get("params").get("postHoc");
    assertEquals("toy-mlp:A-64", mainPostHoc.get("family").asText());
    assertEquals(4096, mainPostHoc.get("iteration").asLong());
    assertEquals(0.08, mainPostHoc.get("sigmaRel").asDouble());
    assertEquals(32, mainPostHoc.get("snapshots").asInt()); // every 256 of 4096, two widths
    assertEquals(32, mainPostHoc.get("coefficients").size());
    assertEquals(0.08, main.get("params").get("emaSigmaRel").asDouble());
    JsonNode guidePostHoc = model(models, GUIDE).get("params").get("postHoc");
    assertEquals("toy-mlp:A-32", guidePostHoc.get("family").asText());
    assertEquals(512, guidePostHoc.get("iteration").asLong());
    assertEquals(8, guidePostHoc.get("snapshots").asInt()); // every 128 up to 512, two widths

    // Pinned like any model: the experiment records the reconstructions' hashes.
    String id = experiment.get("id").asText();
    JsonNode stored = Experiments.get("/api/experiments/" + id);
    assertEquals(main.get("sha256").asText(), stored.get("pins").get("models").get(MAIN).asText());

    // Another spelling of the same reconstruction names the same weights, computed once.
    String again = "toy-mlp:A-64@it=4096,ema=0.08";
    Experiments.runToEnd(root, spec(again, GUIDE), Duration.ofMinutes(5));
    assertEquals(
        main.get("sha256").asText(),
        model(Experiments.get("/api/models"), again).get("sha256").asText());
  }

  @Test
  void aWidthOutsideTheOfferedRangeIsRejectedNamingTheFieldAndTheRange() {
    given()
        .contentType(ContentType.JSON)
        .body(spec("toy-mlp:A-64-4096@ema=0.5", GUIDE))
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("main"))
        .body(containsString("0.01..0.25"));
  }

  @Test
  void aModelWithoutSnapshotsOrAMalformedAddressIsRejectedSayingWhatIsAllowed() {
    given()
        .contentType(ContentType.JSON)
        .body(spec("toy-mlp:AB-32-512@ema=0.05", "toy-mlp:A-32@it=512,sigma=0.05"))
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("main"))
        .body("violations.field", hasItem("sweep[0].guide"))
        .body(containsString("has no post-hoc EMA snapshots"))
        .body(containsString("toy-mlp:A-64, toy-mlp:A-32"))
        .body(containsString("the keys 'it' and 'ema' only"));
  }

  @Test
  void anIterationTheFamilyDidNotStoreIsRejectedListingTheStoredOnes() {
    given()
        .contentType(ContentType.JSON)
        .body(spec(MAIN, "toy-mlp:A-32@it=500,ema=0.05"))
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("sweep[0].guide"))
        .body(containsString("[128, 256, 384, 512"));
  }
}
