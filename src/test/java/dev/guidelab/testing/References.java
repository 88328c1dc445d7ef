package dev.guidelab.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/** Reference statistics computed as a user computes them: an upload, then its job followed. */
public final class References {

  private static final ObjectMapper JSON = new ObjectMapper();

  private References() {}

  /** {@code POST /api/references/compute} with {@code body} and the query {@code params}. */
  public static Response compute(byte[] body, Map<String, ?> params) {
    RequestSpecification request =
        given().contentType("application/octet-stream").body(body).queryParams(params);
    return request.post("/api/references/compute");
  }

  /**
   * Waits until the job of content key {@code key} has ended and returns it as {@code GET
   * /api/references/jobs/{key}} shows it.
   */
  public static JsonNode awaitJob(String key, Duration timeout) {
    JsonNode[] job = new JsonNode[1];
    Await.until(
        "reference job " + key + " to end",
        timeout,
        () -> {
          job[0] =
              json(
                  given()
                      .get("/api/references/jobs/" + key)
                      .then()
                      .statusCode(200)
                      .extract()
                      .asString());
          String state = job[0].get("state").asText();
          return state.equals("COMPLETED") || state.equals("FAILED");
        });
    return job[0];
  }

  /**
   * Computes a reference and waits for it: {@code 202} and a job that completes; returns the stored
   * entry as {@code GET /api/references/{name}} shows it.
   */
  public static JsonNode computeAndWait(byte[] body, Map<String, ?> params, Duration timeout) {
    Response started = compute(body, params);
    if (started.statusCode() != 202) {
      throw new AssertionError(
          "expected 202, got " + started.statusCode() + ": " + started.asString());
    }
    JsonNode job = awaitJob(started.path("key"), timeout);
    if (!job.get("state").asText().equals("COMPLETED")) {
      throw new AssertionError("reference job did not complete: " + job.toPrettyString());
    }
    return json(
        given()
            .get("/api/references/" + params.get("name"))
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
