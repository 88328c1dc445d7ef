package dev.guidelab.references;

import static dev.guidelab.references.NpzTest.fixture;
import static io.restassured.RestAssured.given;
import static io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.content.Hashes;
import dev.guidelab.metrics.FrechetDistance;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reference statistics: the exact toy references at startup, .npz imports by content key. */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ReferenceApiTest {

  @Inject ReferenceStore store;

  private static ValidatableResponse importNpz(byte[] file, String name, String pipeline) {
    return given()
        .contentType("application/octet-stream")
        .body(file)
        .queryParam("name", name)
        .queryParam("features", "inception-v3-2015")
        .queryParam("pipeline", pipeline)
        .post("/api/references")
        .then();
  }

  @Test
  void theExactToyReferenceIsThereAfterStartWithTheClassAMoments() {
    // docs/toy.md: class A has mean (0.371851, 0.364607).
    given()
        .config(RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(DOUBLE)))
        .get("/api/references/toy-exact:A")
        .then()
        .statusCode(200)
        .body("dim", equalTo(2))
        .body("n", nullValue())
        .body("featureNetwork", equalTo("raw"))
        .body("pipeline", equalTo("toy-2d"))
        .body("muPreview[0]", closeTo(0.371851, 1e-6))
        .body("muPreview[1]", closeTo(0.364607, 1e-6))
        .body("key", equalTo(ToyReferences.exact(ToyClass.A).key()));

    ReferenceStatistics a = store.findByName("toy-exact:A").orElseThrow();
    GaussianMixture exact = ToyGroundTruth.get().mixture(ToyClass.A);
    assertArrayEquals(exact.mean(), a.mu());
    assertArrayEquals(exact.covariance()[0], a.sigma()[0]);
    assertArrayEquals(exact.covariance()[1], a.sigma()[1]);
    assertEquals(a.name(), store.findByKey(a.key()).orElseThrow().name(), "found by its key");
    double fd = FrechetDistance.between(a.mu(), a.sigma(), a.mu(), a.sigma());
    assertTrue(Math.abs(fd) < 1e-12, "FD of the reference to itself is " + fd);
  }

  @Test
  void anNpzImportIsStoredOnceByContentAndANameNeverMoves() throws IOException {
    byte[] stats = fixture("stats-f8.npz");
    String key =
        importNpz(stats, "cifar-test", "clean-fid")
            .statusCode(201)
            .body("source", equalTo("npz:" + Hashes.sha256(stats)))
            .body("featureNetwork", equalTo("inception-v3-2015"))
            .body("dim", equalTo(3))
            .body("ddof", equalTo(1))
            .body("muPreview", equalTo(List.of(0.5f, -1.25f, 2.0f)))
            .extract()
            .path("key");

    // The same bytes and claims again: a cache hit on the same row.
    importNpz(stats, "cifar-test", "clean-fid").statusCode(200).body("key", equalTo(key));
    importNpz(stats, "cifar-test-again", "clean-fid")
        .statusCode(200)
        .body("name", equalTo("cifar-test"));
    List<String> keys = given().get("/api/references").then().statusCode(200).extract().path("key");
    assertEquals(1, keys.stream().filter(key::equals).count());
    ReferenceStatistics stored = store.findByKey(key).orElseThrow();
    assertArrayEquals(NpzTest.MU, stored.mu());
    assertArrayEquals(new double[] {0.0, -0.25, 3.0}, stored.sigma()[2]);

    // Other claims are other statistics: the key covers the pipeline.
    importNpz(stats, "cifar-test-pil", "pil-bicubic")
        .statusCode(201)
        .body("key", not(equalTo(key)));

    // Another file under a taken name is refused by name.
    importNpz(fixture("stats-other.npz"), "cifar-test", "clean-fid")
        .statusCode(400)
        .body("violations.field", hasItem("name"));
    given().get("/api/references/cifar-test").then().body("key", equalTo(key));
  }

  @Test
  void invalidImportsNameTheField() throws IOException {
    importNpz(fixture("asymmetric.npz"), "asymmetric", "clean-fid")
        .statusCode(400)
        .body("violations.field", hasItem("sigma"));
    importNpz(fixture("no-sigma.npz"), "no-sigma", "clean-fid")
        .statusCode(400)
        .body("violations.field", hasItem("sigma"));
    importNpz(new byte[] {1, 2, 3}, "garbage", "clean-fid")
        .statusCode(400)
        .body("violations.field", hasItem("file"));
    given()
        .contentType("application/octet-stream")
        .body(fixture("stats-f8.npz"))
        .queryParam("ddof", 2)
        .post("/api/references")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("name"))
        .body("violations.field", hasItem("ddof"));
    given().get("/api/references").then().body("name", not(hasItem("asymmetric")));
    given().get("/api/references/no-such-reference").then().statusCode(404);
  }

  @Test
  void anExperimentMeasuresFdAgainstTheReferenceItNames() throws Exception {
    // Class-A oracle samples: close to the class-A moments, far from class B's.
    String spec =
        """
        {"name": "fd against %s", "main": "toy-oracle:A", "sweep": [{"method": "none"}],
         "sampler": {"steps": 8}, "samples": 1000, "seed": 4, "metrics": ["fd"]%s}
        """;
    double fdA = fd(spec.formatted("the default", ""));
    double fdB = fd(spec.formatted("B", ", \"reference\": \"toy-exact:B\""));
    assertTrue(fdA < 0.05, "FD to class A " + fdA);
    assertTrue(fdB > 10 * fdA + 0.1, "FD to class B " + fdB + " vs A " + fdA);

    given()
        .contentType("application/json")
        .body(spec.formatted("nothing", ", \"reference\": \"nope\""))
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", org.hamcrest.Matchers.hasItem("reference"));
  }

  private static double fd(String spec) throws InterruptedException {
    String id =
        given()
            .contentType("application/json")
            .body(spec)
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    for (int i = 0; i < 600; i++) {
      String state = given().get("/api/experiments/" + id).then().extract().path("state");
      if (state.equals("COMPLETED")) {
        Float fd =
            given().get("/api/experiments/" + id).then().extract().path("points[0].metrics.fd");
        return fd;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("experiment " + id + " did not complete");
  }
}
