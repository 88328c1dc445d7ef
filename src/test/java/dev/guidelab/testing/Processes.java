package dev.guidelab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** REST calls to a {@link GuidelabProcess}, and settings that make its queue react in seconds. */
public final class Processes {

  /**
   * Heartbeats every second, stale after 3 s, the sweeper every second, idle workers asking the
   * ledger every second: faults heal in seconds. The last matters after a kill: a worker started to
   * take over joins the share group only at its next heartbeat, and the killed one's member holds
   * its partitions until its session times out, so the requeued point's doorbell may wait; with the
   * default 10 s every such test waited for the ledger poll.
   */
  public static final Map<String, String> FAST_QUEUE =
      Map.of(
          "guidelab.worker.heartbeat-interval", "1s",
          "guidelab.queue.stale-after", "3s",
          "guidelab.queue.sweep-interval", "1s",
          "guidelab.worker.idle-claim-interval", "1s");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The settings of a process in {@code role}: {@link #FAST_QUEUE}, then {@code extra}. */
  public static Map<String, String> config(String role, Map<String, String> extra) {
    Map<String, String> config = new HashMap<>(FAST_QUEUE);
    config.put("guidelab.role", role);
    config.putAll(extra);
    return config;
  }

  private Processes() {}

  /** {@code GET path} on {@code process}, expecting 200, as JSON. */
  public static JsonNode get(GuidelabProcess process, String path) {
    return json(process.request().get(path).then().statusCode(200).extract().asString());
  }

  /** Submits a spec to {@code process}, expecting 201; the experiment's id. */
  public static String submit(GuidelabProcess process, String spec) {
    return process
        .request()
        .contentType("application/json")
        .body(spec)
        .post("/api/experiments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Waits until experiment {@code id} has ended, as {@code process} shows it. */
  public static JsonNode awaitEnd(GuidelabProcess process, String id, Duration timeout) {
    JsonNode[] view = new JsonNode[1];
    Await.until(
        "experiment " + id + " to end",
        timeout,
        () -> {
          view[0] = get(process, "/api/experiments/" + id);
          String state = view[0].get("state").asText();
          return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
        });
    return view[0];
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
