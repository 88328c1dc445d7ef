package dev.guidelab.results;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Ledger;
import dev.guidelab.testing.Specs;
import dev.guidelab.testing.SseRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a sweep reaches every open stream point by point: one {@code cancelled} event per
 * queued or running point, the experiment's final state on the last one only, so a stream that ends
 * with it has told its client about every point (before, it ended after the first).
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class CancelledStreamFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI root;

  @Inject DataSource db;

  @Test
  void everyPointsCancellationReachesTheStreamBeforeItEnds() throws Exception {
    // Four points of a million samples: the first is running, three queued, when it is cancelled.
    String id = Experiments.submit(Specs.cfgSweep("cancelled live", 1_000_000, "2, 3, 4"));
    URI events = root.resolve("api/experiments/" + id + "/events");
    try (SseRecorder sse = SseRecorder.open(events)) {
      // The stream is open once its snapshot arrives; a cancel before that would reach it only as
      // the snapshot's final state (a fresh-clone run saw exactly that).
      Await.until("the stream's snapshot", Duration.ofMinutes(1), () -> !sse.events().isEmpty());
      Await.until(
          "a point running",
          Duration.ofMinutes(2),
          () ->
              Ledger.count(
                      db,
                      "SELECT count(*) FROM point WHERE experiment_id = ?::uuid"
                          + " AND state = 'RUNNING'",
                      id)
                  == 1);
      given().post("/api/experiments/" + id + "/cancel").then().statusCode(200);
      List<SseRecorder.Event> all = sse.awaitEnd(Duration.ofMinutes(1));

      List<JsonNode> cancelled = new ArrayList<>();
      for (SseRecorder.Event event : all) {
        if (event.name().equals("cancelled")) {
          cancelled.add(JSON.readTree(event.data()));
        }
      }
      Set<String> points = new TreeSet<>();
      cancelled.forEach(e -> points.add(e.get("pointId").asText()));
      assertEquals(4, points.size(), "one cancelled event per point: " + all);
      assertEquals("cancelled", all.get(all.size() - 1).name(), "the stream ends with the last");
      List<String> states = cancelled.stream().map(e -> e.get("experimentState").asText()).toList();
      assertEquals(List.of("RUNNING", "RUNNING", "RUNNING", "CANCELLED"), states);
    }
  }
}
