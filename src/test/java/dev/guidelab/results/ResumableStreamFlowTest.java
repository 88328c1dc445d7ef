package dev.guidelab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Specs;
import dev.guidelab.testing.SseRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An experiment's event stream resumes where a client left it: every event has an id, and a request
 * with {@code Last-Event-ID} (what an EventSource sends when it reconnects) gets exactly the events
 * after that one, then the experiment's end.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ResumableStreamFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TestHTTPResource("/")
  URI root;

  @Test
  void aStreamResumedAfterAnEventGetsEveryLaterEventOnceAndEndsWithTheExperiment()
      throws Exception {
    // Five points of four reports each (batches of 500): long enough to drop in the middle.
    String id = Experiments.submit(Specs.cfgSweep("resume", 2000, "1.5, 2, 3, 4"));
    URI events = root.resolve("api/experiments/" + id + "/events");
    List<SseRecorder.Event> whole;
    List<SseRecorder.Event> before;
    List<SseRecorder.Event> after;
    List<String> stray = new ArrayList<>();
    try (SseRecorder uninterrupted = SseRecorder.open(events)) {
      try (SseRecorder dropped = SseRecorder.open(events)) {
        Await.until(
            "three partial reports",
            TIMEOUT,
            () -> dropped.events().stream().filter(e -> e.name().equals("partial")).count() >= 3);
        before = dropped.events();
        stray.addAll(dropped.strayLines());
      }
      String lastSeen = before.get(before.size() - 1).id();
      try (SseRecorder resumed = SseRecorder.resume(events, lastSeen)) {
        after = resumed.awaitEnd(TIMEOUT);
        stray.addAll(resumed.strayLines());
      }
      whole = uninterrupted.awaitEnd(TIMEOUT);
      stray.addAll(uninterrupted.strayLines());
    }
    assertEquals(List.of(), stray, "lines that are no SSE field");
    for (List<SseRecorder.Event> stream : List.of(whole, before, after)) {
      stream.forEach(e -> assertNotNull(e.id(), "an event without id: " + e));
    }
    assertEquals("snapshot", whole.get(0).name());
    assertEquals(
        whole.size(), whole.stream().map(SseRecorder.Event::id).distinct().count(), "ids unique");

    // The resumed stream is the uninterrupted one after the last event the dropped one got.
    SseRecorder.Event lastSeen = before.get(before.size() - 1);
    int at = whole.indexOf(lastSeen);
    assertTrue(at > 0, "the dropped stream's last event is in the uninterrupted one: " + lastSeen);
    assertNotEquals("snapshot", after.get(0).name(), "resumed, not started afresh");
    assertEquals(whole.subList(at + 1, whole.size()), after);
    String end = JSON.readTree(after.get(after.size() - 1).data()).get("experimentState").asText();
    assertEquals("COMPLETED", end);

    // Once the experiment has ended, or with an id this instance did not give, a stream starts
    // afresh: the final snapshot, and the end.
    for (String lastEventId : List.of(lastSeen.id(), "0-1", "not an id")) {
      try (SseRecorder late = SseRecorder.resume(events, lastEventId)) {
        List<SseRecorder.Event> received = late.awaitEnd(TIMEOUT);
        assertEquals(1, received.size(), lastEventId + ": " + received);
        assertEquals("snapshot", received.get(0).name());
        assertEquals("COMPLETED", JSON.readTree(received.get(0).data()).get("state").asText());
      }
    }
  }

  @Test
  void anIdFromAnotherInstanceStartsAfreshWithASnapshot() throws Exception {
    String id = Experiments.submit(Specs.single("resume afresh", 3000));
    URI events = root.resolve("api/experiments/" + id + "/events");
    try (SseRecorder other = SseRecorder.resume(events, "abc123-7")) {
      List<SseRecorder.Event> received = other.awaitEnd(TIMEOUT);
      assertEquals("snapshot", received.get(0).name());
      assertEquals(id, JSON.readTree(received.get(0).data()).get("id").asText());
      String end =
          JSON.readTree(received.get(received.size() - 1).data()).path("experimentState").asText();
      assertTrue(
          received.size() == 1 || end.equals("COMPLETED"), "ends with the experiment: " + end);
    }
  }
}
