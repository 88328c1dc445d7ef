package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.metrics.Metric;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Ledger;
import dev.guidelab.testing.Specs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the dashboard's form relies on: the spec vocabulary (methods, metrics), validation without
 * storing, and a stored spec that runs again unchanged with the version recorded.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class SpecCheckApiTest {

  private static final String SWEEP = Specs.cfgSweep("checked", 100, "2, 3");

  @Inject DataSource db;

  @Test
  void validateAnswersWhatSubmitWouldStoreAndStoresNothing() {
    long experiments = Ledger.count(db, "SELECT count(*) FROM experiment");
    JsonPath check =
        given()
            .contentType(ContentType.JSON)
            .body(SWEEP)
            .post("/api/experiments/validate")
            .then()
            .statusCode(200)
            .body("points", contains("none", "cfg w=2", "cfg w=3"))
            .body("spec.sampler.sigmaMax", equalTo(5.0f))
            .extract()
            .jsonPath();
    assertEquals(experiments, Ledger.count(db, "SELECT count(*) FROM experiment"));

    String stored =
        given()
            .contentType(ContentType.JSON)
            .body(SWEEP)
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract()
            .path("specHash");
    assertEquals(stored, check.getString("specHash"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("dev.guidelab.experiment.ExperimentApiTest#malformedSpecs")
  void validateRejectsWhatSubmitRejectsByField(String spec, String field) {
    given()
        .contentType(ContentType.JSON)
        .body(spec)
        .post("/api/experiments/validate")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem(field));
  }

  @Test
  void aStoredSpecRunsAgainWithTheSameHashAndTheVersionIsRecorded() {
    Map<String, Object> first =
        given()
            .contentType(ContentType.JSON)
            .body(Specs.single("run me again", 10))
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract()
            .path("$");
    Map<String, Object> again =
        given()
            .contentType(ContentType.JSON)
            .body(first.get("spec"))
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract()
            .path("$");
    assertEquals(first.get("specHash"), again.get("specHash"));
    assertEquals(first.get("spec"), again.get("spec"));
    String version =
        ConfigProvider.getConfig().getValue("quarkus.application.version", String.class);
    assertEquals(version, again.get("version"));
    given().get("/api/experiments/" + again.get("id")).then().body("version", equalTo(version));
  }

  @Test
  void aListOfSeedsStoresEveryPointOncePerSeed() {
    JsonPath view =
        given()
            .contentType(ContentType.JSON)
            .body(Specs.cfgSweep("seeded", 10, "2").replace("\"seed\": 7", "\"seed\": [4, 9]"))
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertEquals(
        List.of("none seed=4", "cfg w=2 seed=4", "none seed=9", "cfg w=2 seed=9"),
        view.getList("points.label"));
    assertEquals(List.of(4, 4, 9, 9), view.getList("points.seed"));
    assertEquals(List.of(4, 9), view.getList("spec.seed"));
  }

  @Test
  void methodsAreDescribedInDocumentationOrderWithTheirParameters() {
    JsonPath methods = given().get("/api/methods").then().statusCode(200).extract().jsonPath();
    assertEquals(GuidanceMethods.names(), methods.getList("name"));
    assertEquals(
        List.of("cfg", "autoguidance", "apg", "icg", "tsg", "blend"),
        methods.getList("find { it.name == 'interval' }.inner"));
    assertEquals(
        List.of("guide", "eta", "normThreshold", "momentum"),
        methods.getList("find { it.name == 'apg' }.params.name"));
    assertEquals(
        "UNLESS_CONDITIONAL",
        methods.getString("find { it.name == 'cfg' }.params.find { it.name == 'guide' }.presence"));
    assertEquals(
        0.0f,
        methods.getFloat("find { it.name == 'apg' }.params.find { it.name == 'eta' }.fallback"));
    assertEquals("PLAIN", methods.getString("find { it.name == 'none' }.role"));
    assertEquals(true, methods.getBoolean("find { it.name == 'icg' }.needsConditionalMain"));
  }

  @Test
  void metricsAreListedWithTheDefaultOnesAndThoseImageModelsMayAskFor() {
    JsonPath metrics = given().get("/api/metrics").then().statusCode(200).extract().jsonPath();
    assertEquals(Metric.wireNames(Metric.allowed(Metric.Domain.TOY)), metrics.getList("name"));
    assertEquals(
        Metric.wireNames(Metric.defaults(Metric.Domain.TOY)),
        metrics.getList("findAll { it.byDefault }.name", String.class));
    assertEquals(
        Metric.wireNames(Metric.allowed(Metric.Domain.IMAGE)),
        metrics.getList("findAll { it.imageModels }.name", String.class));
  }

  @Test
  void metricsCarryWhatTheRegistryDeclares() {
    JsonPath metrics = given().get("/api/metrics").then().statusCode(200).extract().jsonPath();
    assertEquals(
        List.of("fd", "fd_debiased"),
        metrics.getList("findAll { it.imageDefault }.name", String.class));
    assertEquals(
        List.of("precision", "recall", "density", "coverage", "kid", "realism", "rarity"),
        metrics.getList("findAll { it.needsReferenceSamples }.name", String.class));
    assertEquals("20-block jackknife SE", metrics.getString("find { it.name == 'fd' }.stderr"));
    assertEquals("LOWER", metrics.getString("find { it.name == 'fd' }.better"));
    assertEquals("STREAMED", metrics.getString("find { it.name == 'fd' }.cost"));
    assertEquals("BLOCK_FIT", metrics.getString("find { it.name == 'fd_infinity' }.cost"));
    assertEquals("CHECKPOINTS", metrics.getString("find { it.name == 'kid' }.cost"));
    assertEquals("NEITHER", metrics.getString("find { it.name == 'branches_hit' }.better"));
    assertEquals(null, metrics.getString("find { it.name == 'log_likelihood' }.stderr"));
  }
}
