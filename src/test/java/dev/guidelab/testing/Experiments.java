package dev.guidelab.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;

/** Experiments driven as a user drives them: a spec posted over REST, followed over SSE. */
public final class Experiments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Experiments() {}

  /** Submits {@code spec} to the test's Guidelab and returns the new experiment's id (201). */
  public static String submit(String spec) {
    return submit(given(), spec);
  }

  /** As {@link #submit(String)}, with {@code request}'s credentials. */
  public static String submit(RequestSpecification request, String spec) {
    return request
        .contentType(ContentType.JSON)
        .body(spec)
        .post("/api/experiments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /**
   * Submits {@code spec} (expecting 201), follows its event stream until the experiment ends, and
   * returns the experiment as {@code GET /api/experiments/{id}} shows it then.
   */
  public static JsonNode runToEnd(URI root, String spec, Duration timeout) throws Exception {
    String id = submit(spec);
    try (SseRecorder sse = SseRecorder.open(root.resolve("api/experiments/" + id + "/events"))) {
      sse.awaitEnd(timeout);
    }
    return JSON.readTree(given().get("/api/experiments/" + id).then().extract().asString());
  }

  /** {@code GET path} as JSON, expecting 200. */
  public static JsonNode get(String path) throws Exception {
    return JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
  }

  /**
   * The stored metric series of experiment {@code id} ({@code GET /api/experiments/{id}/metrics}).
   */
  public static JsonNode series(String id) throws Exception {
    return get("/api/experiments/" + id + "/metrics");
  }
}
