package dev.guidelab.features;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.guidelab.content.Hashes;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Feature networks are registered over REST by content hash, only if they keep their contract. */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class FeatureNetworkApiTest {

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = FeatureNetworkApiTest.class.getResourceAsStream("/features/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aTorchScriptFileThatKeepsItsContractIsRegisteredByHash() throws IOException {
    byte[] inception = fixture("inception-like.pt");
    for (int attempt = 0; attempt < 2; attempt++) { // registering the same file again is harmless
      given()
          .contentType("application/octet-stream")
          .body(inception)
          .queryParam("name", "inception-like")
          .queryParam("contract", "inception-v3-2015")
          .post("/api/feature-networks")
          .then()
          .statusCode(201)
          .body("sha256", equalTo(Hashes.sha256(inception)))
          .body("contract.dim", equalTo(2048));
    }
    given()
        .get("/api/feature-networks")
        .then()
        .statusCode(200)
        .body("name", hasItem("inception-like"));
    // Feature networks are not denoisers: a spec cannot name one as a model.
    given().get("/api/models").then().body("name", not(hasItem("inception-like")));

    // The name keeps its file.
    given()
        .contentType("application/octet-stream")
        .body(fixture("dinov2-like.pt"))
        .queryParam("name", "inception-like")
        .queryParam("contract", "dinov2-vitl14")
        .post("/api/feature-networks")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("name"));
  }

  @Test
  void aFileThatBreaksItsContractOrIsNotTorchScriptIsRejected() throws IOException {
    // The DINOv2-like network gives 1024 features, not Inception's 2048.
    given()
        .contentType("application/octet-stream")
        .body(fixture("dinov2-like.pt"))
        .queryParam("name", "wrong-contract")
        .queryParam("contract", "inception-v3-2015")
        .post("/api/feature-networks")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("file"));
    given()
        .contentType("application/octet-stream")
        .body(new byte[] {1, 2, 3})
        .queryParam("name", "garbage")
        .queryParam("contract", "inception-v3-2015")
        .post("/api/feature-networks")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("file"));
    given()
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .queryParam("name", "no contract")
        .post("/api/feature-networks")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("name"))
        .body("violations.field", hasItem("contract"));
    given().get("/api/feature-networks").then().body("name", not(hasItem("wrong-contract")));
  }

  @Test
  void aClassifierHeadIsDeclaredWithClassesAndCheckedByItsProbeCall() {
    byte[] classifier = ImageFixtures.file(ImageFixtures.CLASSIFIER);
    // Three classes where the head gives two; a head without Inception's call convention.
    for (String[] query : new String[][] {{"3", "true"}, {"2", "false"}}) {
      given()
          .contentType("application/octet-stream")
          .body(classifier)
          .queryParam("name", "head-" + query[0] + "-" + query[1])
          .queryParam("contract", "uint8")
          .queryParam("dim", 64)
          .queryParam("returnFeatures", query[1])
          .queryParam("classes", query[0])
          .post("/api/feature-networks")
          .then()
          .statusCode(400)
          .body("violations.field", hasItem("classes"));
    }
    given()
        .contentType("application/octet-stream")
        .body(classifier)
        .queryParam("name", "head-2")
        .queryParam("contract", "uint8")
        .queryParam("dim", 64)
        .queryParam("returnFeatures", true)
        .queryParam("classes", 2)
        .post("/api/feature-networks")
        .then()
        .statusCode(201)
        .body("contract.classes", equalTo(2));
    given()
        .get("/api/feature-networks")
        .then()
        .body("find { it.name == 'head-2' }.contract.classes", equalTo(2))
        .body("name", not(hasItem("head-3-true")));
  }
}
