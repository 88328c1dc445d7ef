package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.SseRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The server's exports hold every metric value the ledger stores, flagged partial or final, beside
 * the point's parameters; a rerun is a new experiment with the same spec hash and the same numbers.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ExportAndRerunFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final int SAMPLES = 1500; // three batches of 500 (test profile)
  private static final String HEADER =
      "point,point_id,label,method,params,seed,state,metric,n,value,stderr,final";

  /** A name and a label (interval's σ range) that need CSV quoting. */
  private static final String SPEC =
      """
      {"name": "export, \\"quoted\\" & rerun", "main": "toy-oracle:A",
       "sweep": [{"method": "none"},
                 {"method": "interval", "inner": {"method": "cfg", "guide": "toy-oracle:AB"},
                  "sigmaLo": 0.28, "sigmaHi": 1.61, "weights": [2]}],
       "sampler": {"steps": 16}, "samples": %d, "seed": 11,
       "metrics": ["log_likelihood", "outlier_fraction", "fd"]}
      """
          .formatted(SAMPLES);

  @TestHTTPResource("/")
  URI root;

  @Test
  void exportsHoldEveryLedgerRowFlaggedAndARerunGivesTheSameNumbers() throws Exception {
    JsonNode first = Experiments.runToEnd(root, SPEC, TIMEOUT);
    String id = first.get("id").asText();
    assertEquals("COMPLETED", first.get("state").asText());
    JsonNode series = Experiments.series(id);
    assertTrue(series.size() > 9, "partial and final rows: " + series.size());
    Map<String, JsonNode> ledger = new HashMap<>();
    for (JsonNode row : series) {
      ledger.put(key(row.get("pointId").asText(), row.get("metric").asText(), row.get("n")), row);
    }
    Map<String, JsonNode> points = new HashMap<>();
    first.get("points").forEach(p -> points.put(p.get("id").asText(), p));
    assertTrue(first.get("points").get(1).get("label").asText().contains(","), "a label to quote");

    // CSV: one row per ledger row, the same values bit for bit, the point's parameters beside it.
    ExtractableResponse<Response> csv =
        given().get("/api/experiments/" + id + "/export.csv").then().statusCode(200).extract();
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    assertEquals(
        "attachment; filename=\"export-quoted-rerun-" + id.substring(0, 8) + ".csv\"",
        csv.header("Content-Disposition"));
    List<List<String>> rows = parseCsv(csv.asString());
    assertEquals(HEADER, String.join(",", rows.get(0)));
    assertEquals(series.size(), rows.size() - 1);
    int finals = 0;
    for (List<String> row : rows.subList(1, rows.size())) {
      assertEquals(12, row.size(), row.toString());
      JsonNode stored = ledger.get(key(row.get(1), row.get(7), JSON.readTree(row.get(8))));
      assertEquals(stored.get("value").doubleValue(), Double.parseDouble(row.get(9)));
      JsonNode stderr = stored.path("stderr"); // absent where the metric has none
      assertEquals(stderr.isNumber() ? Double.toString(stderr.doubleValue()) : "", row.get(10));
      JsonNode point = points.get(row.get(1));
      assertEquals(point.get("ordinal").asText(), row.get(0));
      assertEquals(point.get("label").asText(), row.get(2));
      assertEquals(point.get("params").get("method").asText(), row.get(3));
      assertEquals(point.get("params"), JSON.readTree(row.get(4)));
      assertEquals(point.get("seed").asText(), row.get(5));
      assertEquals("COMPLETED", row.get(6));
      boolean isFinal = Integer.parseInt(row.get(8)) == SAMPLES;
      assertEquals(Boolean.toString(isFinal), row.get(11), row.toString());
      finals += isFinal ? 1 : 0;
    }
    assertEquals(2 * 3, finals, "one final row per point and metric");

    // JSON: the same rows.
    ExtractableResponse<Response> json =
        given().get("/api/experiments/" + id + "/export.json").then().statusCode(200).extract();
    assertEquals(
        "attachment; filename=\"export-quoted-rerun-" + id.substring(0, 8) + ".json\"",
        json.header("Content-Disposition"));
    JsonNode exported = JSON.readTree(json.asString());
    assertEquals(first.get("specHash"), exported.get("specHash"));
    assertEquals(series.size(), exported.get("rows").size());
    for (int i = 0; i < series.size(); i++) {
      JsonNode row = exported.get("rows").get(i);
      List<String> csvRow = rows.get(i + 1);
      assertEquals(csvRow.get(1), row.get("pointId").asText());
      assertEquals(csvRow.get(7), row.get("metric").asText());
      assertEquals(csvRow.get(8), row.get("n").asText());
      assertEquals(Double.parseDouble(csvRow.get(9)), row.get("value").doubleValue());
      assertEquals(csvRow.get(11), row.get("final").asText());
      assertEquals(JSON.readTree(csvRow.get(4)), row.get("params"));
    }
    given().get("/api/experiments/" + UUID.randomUUID() + "/export.csv").then().statusCode(404);

    // Rerun: a new experiment, the same hash, bit-identical final metrics.
    ExtractableResponse<Response> rerun =
        given().post("/api/experiments/" + id + "/rerun").then().statusCode(201).extract();
    JsonNode created = JSON.readTree(rerun.asString());
    String againId = created.get("id").asText();
    assertNotEquals(id, againId);
    assertTrue(rerun.header("Location").endsWith("/api/experiments/" + againId));
    assertEquals(first.get("specHash"), created.get("specHash"));
    assertEquals(first.get("pins"), created.get("pins"));
    assertEquals(first.get("spec"), created.get("spec"));
    try (SseRecorder sse =
        SseRecorder.open(root.resolve("api/experiments/" + againId + "/events"))) {
      sse.awaitEnd(TIMEOUT);
    }
    JsonNode again = Experiments.get("/api/experiments/" + againId);
    assertEquals("COMPLETED", again.get("state").asText());
    for (int i = 0; i < 2; i++) {
      JsonNode then = first.get("points").get(i);
      JsonNode now = again.get("points").get(i);
      assertEquals(then.get("label"), now.get("label"));
      assertEquals(then.get("params"), now.get("params"));
      assertEquals(then.get("metrics"), now.get("metrics"), "bit for bit: " + now.get("label"));
      assertEquals(then.get("stderr"), now.get("stderr"), "bit for bit: " + now.get("label"));
    }
    assertEquals(
        finalRows(csv.asString()),
        finalRows(given().get("/api/experiments/" + againId + "/export.csv").asString()));
  }

  @Test
  void rerunIsRefusedForAnUnknownIdAndForATraining() {
    given()
        .post("/api/experiments/" + UUID.randomUUID() + "/rerun")
        .then()
        .statusCode(404)
        .body("error", containsString("no experiment"));
    String training =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "not-rerun", "classes": "A", "width": 16, "iterations": 300,
                 "batchSize": 256, "seed": 3}
                """)
            .post("/api/trainings")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given().post("/api/experiments/" + training + "/cancel").then().statusCode(200);
    given()
        .post("/api/experiments/" + training + "/rerun")
        .then()
        .statusCode(409)
        .body("error", containsString("only sweeps can be run again"));
  }

  private static String key(String pointId, String metric, JsonNode n) {
    return pointId + " " + metric + " " + n.asInt();
  }

  /** The final rows without the point ids: (ordinal, label, …, metric, n, value, stderr). */
  private static List<List<String>> finalRows(String csv) {
    List<List<String>> finals = new ArrayList<>();
    for (List<String> row : parseCsv(csv)) {
      if (row.get(11).equals("true")) {
        List<String> withoutId = new ArrayList<>(row);
        withoutId.remove(1);
        finals.add(withoutId);
      }
    }
    return finals;
  }

  /** RFC 4180: fields split at commas outside quotes, {@code ""} a quote, records end in CRLF. */
  private static List<List<String>> parseCsv(String text) {
    assertTrue(text.endsWith("\r\n"), "records end in CRLF");
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && text.charAt(i + 1) == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    return records;
  }
}
