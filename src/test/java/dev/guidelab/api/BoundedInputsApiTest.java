package dev.guidelab.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.testing.Bombs;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.ImageRegistrations;
import dev.guidelab.testing.Ledger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The limits over HTTP: bodies too large are a 413 that says the limit, text that cannot be stored
 * and unreadable query parameters are a 400 naming the field, and zip and PNG bombs are refused as
 * uploads (400 on {@code file}) before anything inflates or decodes.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class BoundedInputsApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject DataSource db;

  /** A response as read off the socket: status line, headers, body. */
  private record Answer(int status, String head, String body) {}

  /**
   * Sends {@code head} (request line and headers) and, if given, {@code body} chunked, on a socket
   * of its own, and reads the answer by its {@code Content-Length}. A plain socket, because the JDK
   * 17 HTTP client waits forever for a {@code 100 Continue} that a refusal never sends.
   */
  private static Answer exchange(String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        for (int at = 0; at < body.length; at += 8192) {
          int n = Math.min(8192, body.length - at);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body, at, n);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder headers = new StringBuilder();
      while (!headers.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("connection closed after: " + headers);
        }
        headers.append((char) c);
      }
      int length = 0;
      for (String line : headers.toString().lines().toList()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      String text = headers.toString();
      int status = Integer.parseInt(text.substring(9, 12));
      return new Answer(status, text, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
  }

  /** A POST's head: chunked when {@code length} is null, else with {@code Expect: 100-continue}. */
  private static String post(String path, String type, String length) {
    String body =
        length == null
            ? "Transfer-Encoding: chunked\r\n"
            : "Content-Length: " + length + "\r\nExpect: 100-continue\r\n";
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
        + type
        + "\r\n"
        + body
        + "\r\n";
  }

  @Test
  void aSpecBodyOverOneMebibyteIsA413SayingTheLimit() throws Exception {
    for (String path : new String[] {"/api/experiments/validate", "/api/trainings"}) {
      // Refused by its Content-Length: nothing of the body is sent before the answer.
      Answer declared = exchange(post(path, "application/json", "4194304"), null);
      assertEquals(413, declared.status(), declared.head() + declared.body());
      JsonNode body = JSON.readTree(declared.body());
      assertEquals(
          "request body too large: at most 1 MiB (1048576 bytes) for a spec",
          body.path("error").asText());
      assertEquals("$", body.path("violations").path(0).path("field").asText());
      assertEquals(
          "at most 1048576 bytes, got 4194304 bytes",
          body.path("violations").path(0).path("message").asText());
    }
    // Without a Content-Length (chunked): refused once the limit is passed, by one byte.
    byte[] big = new byte[RequestBodies.SPEC_LIMIT + 1];
    Arrays.fill(big, (byte) ' ');
    Answer chunked = exchange(post("/api/experiments", "application/json", null), big);
    assertEquals(413, chunked.status(), chunked.head() + chunked.body());
    JsonNode body = JSON.readTree(chunked.body());
    assertEquals(
        "at most 1048576 bytes, got more",
        body.path("violations").path(0).path("message").asText());
  }

  @Test
  void anUploadOverQuarkussLimitIsA413SayingTheLimitBeforeItsBodyIsSent() throws IOException {
    Answer answer =
        exchange(
            post(
                "/api/references/compute?name=big&features=none",
                "application/octet-stream",
                "300000000"),
            null);
    assertEquals(413, answer.status(), answer.head() + answer.body());
    JsonNode error = JSON.readTree(answer.body());
    assertEquals(
        "request body too large: at most 256 MiB (268435456 bytes) for any request"
            + " (quarkus.http.limits.max-body-size)",
        error.path("error").asText());
    assertEquals("file", error.path("violations").path(0).path("field").asText());
    assertEquals(
        "at most 268435456 bytes, got 300000000 bytes",
        error.path("violations").path(0).path("message").asText());
  }

  private static final String SPEC =
      """
      {"name": "%s", "main": "toy-oracle:A", "sweep": [{"method": "none"}],
       "samples": 10}
      """;

  @Test
  void nulCharactersAndLoneSurrogatesInSpecsAreRefusedByFieldNotStored() {
    long before = Ledger.count(db, "SELECT count(*) FROM experiment");
    given()
        .contentType(ContentType.JSON)
        .body(SPEC.formatted("nul\\u0000name"))
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("name"))
        .body("violations[0].message", containsString("NUL character (U+0000)"));
    given()
        .contentType(ContentType.JSON)
        .body(SPEC.formatted("lone surrogate al\\udbffice"))
        .post("/api/experiments/validate")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("name"))
        .body("violations[0].message", containsString("lone UTF-16 surrogate U+DBFF"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\": \"net\\u0000\", \"classes\": \"A\"}")
        .post("/api/trainings")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("name"));
    assertEquals(before, Ledger.count(db, "SELECT count(*) FROM experiment"));
  }

  @Test
  void unreadableQueryParametersAreA400NamingThemNotA404() {
    given()
        .get("/api/experiments?page=abc")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid request"))
        .body("violations[0].field", equalTo("page"))
        .body("violations[0].message", equalTo("must be an integer, got 'abc'"));
    given()
        .get("/api/experiments?page=-1&size=x")
        .then()
        .statusCode(400)
        .body("violations.field", hasItems("page", "size"));
    given()
        .get("/api/toy/density?size=big")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("size"));
    given()
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .post("/api/references?name=x&ddof=one&n=ten")
        .then()
        .statusCode(400)
        .body("violations.field", hasItems("ddof", "n"));
    given()
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .post("/api/references/compute?name=x&ddof=1.0")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("ddof"));
    given()
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .post("/api/models?name=m&channels=three&resolution=x&classes=y")
        .then()
        .statusCode(400)
        .body("violations.field", hasItems("channels", "resolution", "classes"));
    given()
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .post("/api/feature-networks?name=f&contract=uint8&dim=big&returnFeatures=maybe")
        .then()
        .statusCode(400)
        .body("violations.field", hasItems("dim", "returnFeatures"));
  }

  @Test
  void nulCharactersInQueryAndPathParametersAreA400NotA500() {
    given()
        .urlEncodingEnabled(false)
        .get("/api/experiments?owner=a%00b")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("owner"))
        .body("violations[0].message", containsString("found at character 2"));
    given()
        .urlEncodingEnabled(false)
        .get("/api/references/a%00b")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("name"));
    // A long value is quoted shortened, never echoed whole.
    given()
        .get("/api/experiments?state=" + "x".repeat(3000))
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("state"))
        .body("violations[0].message.length()", lessThan(200));
  }

  @Test
  void zipAndPngBombsAreRefusedAsUploads() {
    ImageRegistrations.featureNetwork("bounded-net");
    byte[] zipBomb = Bombs.declare(Bombs.zeros("images.npy", new byte[0], 1 << 20), 0, 0xFFFFFFFEL);
    given()
        .contentType("application/octet-stream")
        .body(zipBomb)
        .queryParams(Map.of("name", "zip-bomb", "features", "bounded-net"))
        .post("/api/references/compute")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("file"))
        .body("violations[0].message", containsString("declares 4294967294 bytes"));
    byte[] pngBomb = Bombs.zip(Bombs.entries("bomb.png", Bombs.png(50_000, 50_000)));
    given()
        .contentType("application/octet-stream")
        .body(pngBomb)
        .queryParams(Map.of("name", "png-bomb", "features", "bounded-net"))
        .post("/api/references/compute")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("file"))
        .body(
            "violations[0].message",
            allOf(containsString("50000×50000"), containsString("at most 2048×2048")));
    byte[] importBomb = Bombs.zeros("mu.npy", Bombs.npyHeader("<f8", "(8000000,)"), 64_000_000);
    given()
        .contentType("application/octet-stream")
        .body(importBomb)
        .queryParam("name", "import-bomb")
        .post("/api/references")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("mu"))
        .body("violations[0].message", containsString("more than the file may inflate to"));
    byte[] torchScriptBomb =
        Bombs.declare(
            Bombs.zip(Bombs.entries("archive/data.pkl", new byte[1000])), 0, 3_000_000_000L);
    given()
        .contentType("application/octet-stream")
        .body(torchScriptBomb)
        .queryParams(Map.of("name", "pt-bomb", "resolution", 16))
        .post("/api/models")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("file"))
        .body("violations[0].message", containsString("declares 3000000000 bytes"));
    given().get("/api/references/png-bomb").then().statusCode(404);
  }
}
