package dev.guidelab.models;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.guidelab.content.Hashes;
import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TorchScript image denoisers are registered over REST by content hash, only after a probe call
 * kept the contract {@code forward(x [n,C,R,R], sigma [n][, class_labels [n,classes]]) →
 * [n,C,R,R]}.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ImageModelApiTest {

  private static io.restassured.response.ValidatableResponse register(
      byte[] file, String name, int resolution, int classes) {
    return given()
        .contentType("application/octet-stream")
        .body(file)
        .queryParam("name", name)
        .queryParam("channels", 3)
        .queryParam("resolution", resolution)
        .queryParam("classes", classes)
        .post("/api/models")
        .then();
  }

  @Test
  void aDenoiserThatKeepsTheContractIsListedWithKindAndShape() {
    byte[] exact = ImageFixtures.file(ImageFixtures.EXACT);
    for (int attempt = 0; attempt < 2; attempt++) { // the same file again is harmless
      register(exact, "api-gaussian", 16, 0)
          .statusCode(201)
          .body("kind", equalTo("torchscript"))
          .body("sha256", equalTo(Hashes.sha256(exact)))
          .body("conditional", equalTo(false))
          .body("params.resolution", equalTo(16))
          .body("params.channels", equalTo(3));
    }
    register(ImageFixtures.file(ImageFixtures.CLASSES), "api-classes", 16, 2)
        .statusCode(201)
        .body("conditional", equalTo(true))
        .body("params.classes", equalTo(2));
    given()
        .get("/api/models")
        .then()
        .statusCode(200)
        .body("find { it.name == 'api-gaussian' }.kind", equalTo("torchscript"));
    // A name keeps its file.
    register(ImageFixtures.file(ImageFixtures.BAD), "api-gaussian", 16, 0)
        .statusCode(400)
        .body("violations.field", hasItem("name"));
  }

  @Test
  void filesThatBreakTheContractAreRejectedWithTheReason() {
    register(ImageFixtures.file(ImageFixtures.WRONG_SHAPE), "api-wrong-shape", 16, 0)
        .statusCode(400)
        .body("violations[0].field", equalTo("file"))
        .body("violations[0].message", containsString("returned shape [2, 3]"));
    // A conditional network registered as unconditional: forward misses class_labels.
    register(ImageFixtures.file(ImageFixtures.CLASSES), "api-no-labels", 16, 0)
        .statusCode(400)
        .body(
            "violations[0].message",
            containsString("probe call forward(x: float32 [2, 3, 16, 16]"));
    register(new byte[] {1, 2, 3}, "api-garbage", 16, 0)
        .statusCode(400)
        .body("violations[0].message", containsString("not TorchScript"));
    register(ImageFixtures.file(ImageFixtures.EXACT), "toy-mine", 0, 0)
        .statusCode(400)
        .body("violations.field", hasItem("name"))
        .body("violations.field", hasItem("resolution"));
  }
}
