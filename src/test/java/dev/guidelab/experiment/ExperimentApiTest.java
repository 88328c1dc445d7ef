package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.metrics.Metric;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Ledger;
import dev.guidelab.testing.Specs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST contract: validation errors by field with nothing stored, history, lookups, errors as
 * JSON.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ExperimentApiTest {

  private static final String VALID = Specs.cfgSweep("valid", 100, "2, 3");

  @Inject DataSource db;
  @Inject SpecParser parser;
  @Inject ExperimentLedger experiments;
  @Inject SpecResolver resolver;
  @Inject ObjectMapper mapper;

  static Stream<Arguments> malformedSpecs() {
    return Stream.of(
        Arguments.of("not json", "$"),
        Arguments.of("[1, 2]", "$"),
        Arguments.of(VALID.replace("\"name\": \"valid\"", "\"name\": \"  \""), "name"),
        Arguments.of(VALID.replace("\"name\": \"valid\",", ""), "name"),
        Arguments.of(VALID.replace("\"seed\": 7", "\"seed\": 7, \"colour\": \"red\""), "colour"),
        Arguments.of(VALID.replace("\"toy-oracle:A\"", "\"no-such-model\""), "main"),
        Arguments.of(
            VALID.replace("\"guide\": \"toy-oracle:AB\"", "\"guide\": \"nope\""), "sweep[1].guide"),
        Arguments.of(
            VALID.replace("{\"method\": \"none\"}", "{\"method\": \"magic\"}"), "sweep[0].method"),
        Arguments.of(
            VALID.replace("{\"method\": \"none\"}", "{\"method\": \"none\", \"wieghts\": [1]}"),
            "sweep[0].wieghts"),
        Arguments.of(VALID.replace("[2, 3]", "[2, -1]"), "sweep[1].weights[1]"),
        Arguments.of(VALID.replace("[2, 3]", "[]"), "sweep[1].weights"),
        Arguments.of(VALID.replace("[2, 3]", "[2, \"x\"]"), "sweep[1].weights[1]"),
        Arguments.of(VALID.replace(", \"weights\": [2, 3]", ""), "sweep[1].weights"),
        Arguments.of(sweep("[]"), "sweep"),
        Arguments.of(VALID.replace("\"samples\": 100", "\"samples\": 0"), "samples"),
        Arguments.of(VALID.replace("\"samples\": 100", "\"samples\": 1000001"), "samples"),
        Arguments.of(VALID.replace("\"samples\": 100", "\"samples\": 2.5"), "samples"),
        Arguments.of(VALID.replace("\"steps\": 16", "\"steps\": 0"), "sampler.steps"),
        Arguments.of(VALID.replace("\"steps\": 16", "\"steps\": 1001"), "sampler.steps"),
        Arguments.of(
            VALID.replace("\"steps\": 16", "\"steps\": 16, \"sigmaMin\": 6"), "sampler.sigmaMin"),
        Arguments.of(
            VALID.replace("\"steps\": 16", "\"steps\": 16, \"order\": 3"), "sampler.order"),
        Arguments.of(
            VALID.replace("\"steps\": 16", "\"steps\": 16, \"churn\": -1"), "sampler.churn"),
        Arguments.of(VALID.replace("\"steps\": 16", "\"steps\": 16, \"foo\": 1"), "sampler.foo"),
        Arguments.of(
            VALID.replace("\"steps\": 16", "\"steps\": 16, \"start\": \"moon\""), "sampler.start"),
        Arguments.of(VALID.replace("\"fd\"]", "\"fid\"]"), "metrics[4]"),
        Arguments.of(VALID.replace("\"seed\": 7", "\"seed\": -7"), "seed"),
        Arguments.of(
            VALID.replace("\"seed\": 7", "\"seed\": 7, \"reference\": \"nope\""), "reference"),
        Arguments.of(sweep(tooManyPoints()), "sweep"));
  }

  private static String sweep(String entries) {
    return "{\"name\": \"x\", \"main\": \"toy-oracle:A\", \"sweep\": "
        + entries
        + ", \"samples\": 10}";
  }

  private static String tooManyPoints() {
    StringBuilder weights = new StringBuilder();
    for (int i = 0; i < 501; i++) {
      weights.append(i == 0 ? "" : ", ").append(i * 0.01);
    }
    return "[{\"method\": \"cfg\", \"guide\": \"toy-oracle:AB\", \"weights\": [" + weights + "]}]";
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("malformedSpecs")
  void aMalformedSpecIsRejectedWithTheFieldNamedAndNothingStored(String spec, String field) {
    List<Long> before = rowCounts();
    given()
        .contentType(ContentType.JSON)
        .body(spec)
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", equalTo("invalid request"))
        .body("violations.field", hasItem(field))
        .body(not(containsString("at dev.guidelab"))); // no stack trace
    assertEquals(before, rowCounts(), "nothing stored");
  }

  private List<Long> rowCounts() {
    return Stream.of("experiment", "point", "metric_value", "state_change")
        .map(table -> Ledger.count(db, "SELECT count(*) FROM " + table))
        .toList();
  }

  @Test
  void theSpecIsStoredNormalisedWithItsContentHash() {
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Specs.single("normalised", 10))
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String specHash =
        given()
            .get("/api/experiments/" + id)
            .then()
            .statusCode(200)
            .body("spec.sampler.steps", equalTo(32))
            .body("spec.sampler.sigmaMax", equalTo(5.0f))
            .body("owner", equalTo("admin"))
            .body("spec.priority", equalTo(0))
            .body(
                "spec.metrics.size()",
                equalTo(Metric.wireNames(Metric.defaults(Metric.Domain.TOY)).size()))
            .extract()
            .path("specHash");
    assertEquals(parser.hash(parser.parse(Specs.single("another name", 10))), specHash);
  }

  @Test
  void historyIsNewestFirstPaginatedAndFilteredByState() {
    UUID older = store("history older");
    UUID newer = store("history newer");
    List<String> queued =
        given()
            .queryParam("state", "queued")
            .queryParam("size", 200)
            .get("/api/experiments")
            .then()
            .statusCode(200)
            .extract()
            .path("items.id");
    assertTrue(
        queued.indexOf(newer.toString()) >= 0
            && queued.indexOf(newer.toString()) < queued.indexOf(older.toString()));

    int total = given().get("/api/experiments").then().extract().path("total");
    assertTrue(total >= 2);
    given()
        .queryParam("size", 1)
        .queryParam("page", 1)
        .get("/api/experiments")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(1))
        .body("page", equalTo(1))
        .body("size", equalTo(1));
    given()
        .queryParam("state", "COMPLETED")
        .queryParam("size", 200)
        .get("/api/experiments")
        .then()
        .body("items.id", not(hasItem(newer.toString())));
    experiments.cancel(older, "test");
    experiments.cancel(newer, "test");
  }

  private UUID store(String name) {
    ExperimentSpec spec = parser.parse(Specs.single(name, 10));
    return experiments
        .create(
            spec.toNewExperiment(
                "test", parser.toJson(spec), parser.hash(spec), resolver.resolve(spec), mapper),
            Map.of())
        .experimentId();
  }

  @Test
  void historyIsSearchableByNameAndFilterableByOwnerMethodModelAndKind() {
    String spec =
        """
        {"name": "Needle_%d 50%% cfg", "main": "toy-oracle:A",
         "sweep": [{"method": "cfg", "guide": "toy-oracle:B", "weights": [2]}], "samples": 10}
        """
            .formatted(System.nanoTime());
    ExperimentSpec parsed = parser.parse(spec);
    UUID id =
        experiments
            .create(
                parsed.toNewExperiment(
                    "carol",
                    parser.toJson(parsed),
                    parser.hash(parsed),
                    resolver.resolve(parsed),
                    mapper),
                Map.of())
            .experimentId();
    UUID other = store("haystack");
    String idText = id.toString();
    given()
        .queryParam("q", "needle_")
        .get("/api/experiments")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(idText))
        .body("items.id", not(hasItem(other.toString())));
    given().queryParam("q", "50%").get("/api/experiments").then().body("items.id", hasItem(idText));
    given()
        .queryParam("q", "5_%")
        .get("/api/experiments")
        .then()
        .body("items.id", not(hasItem(idText)));
    given()
        .queryParam("owner", "carol")
        .get("/api/experiments")
        .then()
        .body("items.id", hasItem(idText))
        .body("items.id", not(hasItem(other.toString())));
    given()
        .queryParam("method", "cfg")
        .get("/api/experiments")
        .then()
        .body("items.id", hasItem(idText))
        .body("items.id", not(hasItem(other.toString())));
    given()
        .queryParam("model", "toy-oracle:B")
        .get("/api/experiments")
        .then()
        .body("items.id", hasItem(idText));
    given()
        .queryParam("model", "toy-mlp:A-64-4096")
        .get("/api/experiments")
        .then()
        .body("items.id", not(hasItem(idText)));
    given()
        .queryParam("kind", "train")
        .get("/api/experiments")
        .then()
        .body("items.id", not(hasItem(idText)));
    given()
        .queryParam("kind", "sweep")
        .queryParam("owner", "carol")
        .get("/api/experiments")
        .then()
        .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    experiments.cancel(id, "test");
    experiments.cancel(other, "test");
  }

  @Test
  void badListParametersAreRejectedByField() {
    given()
        .queryParam("state", "sleeping")
        .queryParam("size", 0)
        .get("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("state"))
        .body("violations.field", hasItem("size"));
  }

  @Test
  void unknownExperimentsAreNotFoundWithAJsonError() {
    UUID missing = UUID.randomUUID();
    given()
        .get("/api/experiments/" + missing)
        .then()
        .statusCode(404)
        .body("error", containsString(missing.toString()));
    given().post("/api/experiments/" + missing + "/cancel").then().statusCode(404);
    given().get("/api/experiments/" + missing + "/events").then().statusCode(404);
  }

  @Test
  void modelsListTheToyOracles() {
    given()
        .get("/api/models")
        .then()
        .statusCode(200)
        .body("name", hasItem("toy-oracle:A"))
        .body("name", hasItem("toy-oracle:AB"));
  }
}
