package dev.guidelab.testing;

import static io.restassured.RestAssured.given;

import dev.guidelab.models.ImageFixtures;

/** The image fixtures registered over REST as a user registers them (idempotent for a name). */
public final class ImageRegistrations {

  private ImageRegistrations() {}

  /** Registers fixture denoiser {@code fixture} (3×16×16, unconditional) as {@code name}. */
  public static void model(String fixture, String name) {
    model(fixture, name, 0);
  }

  /** Registers fixture denoiser {@code fixture} (3×16×16) with {@code classes} as {@code name}. */
  public static void model(String fixture, String name, int classes) {
    given()
        .contentType("application/octet-stream")
        .body(ImageFixtures.file(fixture))
        .queryParam("name", name)
        .queryParam("channels", 3)
        .queryParam("resolution", 16)
        .queryParam("classes", classes)
        .post("/api/models")
        .then()
        .statusCode(201);
  }

  /**
   * Registers the 64-D fixture feature network ({@code uint8} contract, 3 channels) as {@code
   * name}.
   */
  public static void featureNetwork(String name) {
    featureNetwork(ImageFixtures.FEATURES, name, 0);
  }

  /**
   * Registers the 64-D fixture feature network with a two-class head ({@code uint8} contract with
   * {@code returnFeatures} and {@code classes=2}) as {@code name}.
   */
  public static void classifier(String name) {
    featureNetwork(ImageFixtures.CLASSIFIER, name, 2);
  }

  private static void featureNetwork(String fixture, String name, int classes) {
    given()
        .contentType("application/octet-stream")
        .body(ImageFixtures.file(fixture))
        .queryParam("name", name)
        .queryParam("contract", "uint8")
        .queryParam("channels", 3)
        .queryParam("dim", 64)
        .queryParam("returnFeatures", classes > 0)
        .queryParam("classes", classes)
        .post("/api/feature-networks")
        .then()
        .statusCode(201);
  }
}
