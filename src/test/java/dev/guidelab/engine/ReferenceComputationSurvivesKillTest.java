package dev.guidelab.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.references.NpzWriter;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.GuidelabProcess;
import dev.guidelab.testing.ProcessCluster;
import dev.guidelab.testing.Processes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reference computation is queued work like any point: {@code kill -9} of the worker process
 * computing it loses nothing — its heartbeat goes stale, the sweeper puts it back on the queue,
 * another worker computes it, and the statistics are stored once; both api instances list the same.
 * Real processes (the packaged app) against a real Kafka and PostgreSQL.
 */
@Tag("flow")
class ReferenceComputationSurvivesKillTest {

  /** Images in the upload: enough for the computation to outlast a look at its progress. */
  private static final int IMAGES = 60_000;

  @RegisterExtension static final ProcessCluster CLUSTER = new ProcessCluster();

  @Test
  void aComputationWhoseWorkerIsKilledCompletesOnAnotherAndIsStoredOnce() {
    try (GuidelabProcess api = CLUSTER.start("refs-api-1", "api");
        GuidelabProcess otherApi = CLUSTER.start("refs-api-2", "api");
        GuidelabProcess doomed = CLUSTER.start("refs-worker-1", "worker")) {
      given()
          .baseUri(api.url())
          .contentType("application/octet-stream")
          .body(ImageFixtures.file(ImageFixtures.FEATURES))
          .queryParams(Map.of("name", "net", "contract", "uint8", "channels", 3, "dim", 64))
          .post("/api/feature-networks")
          .then()
          .statusCode(201);
      String key =
          given()
              .baseUri(api.url())
              .contentType("application/octet-stream")
              .body(new NpzWriter().uint8("images", images(IMAGES), IMAGES, 3, 16, 16).bytes())
              .queryParams(Map.of("name", "survivor", "features", "net"))
              .post("/api/references/compute")
              .then()
              .statusCode(202)
              .extract()
              .path("key");
      String job = "/api/references/jobs/" + key;

      Await.until(
          "the first worker to report progress",
          Duration.ofMinutes(2),
          () -> Processes.get(api, job).get("done").asLong() > 0);
      doomed.kill();
      Instant killedAt = Instant.now();
      JsonNode killed = Processes.get(api, job);
      assertTrue(killed.get("done").asLong() < IMAGES, killed.toPrettyString());
      String experimentPath = "/api/experiments/" + killed.get("experimentId").asText();
      Await.until(
          "the killed worker's point to be back on the queue",
          Duration.ofMinutes(1),
          () -> Processes.get(api, experimentPath).at("/points/0/state").asText().equals("QUEUED"));
      System.out.printf(
          "kill -9 of the worker: its point was back on the queue after %.1f s (stale-after 3 s)%n",
          Duration.between(killedAt, Instant.now()).toMillis() / 1000.0);

      try (GuidelabProcess rescuer = CLUSTER.start("refs-worker-2", "worker")) {
        Await.until(
            "the computation to complete on the second worker",
            Duration.ofMinutes(4),
            () -> Processes.get(api, job).get("state").asText().equals("COMPLETED"));
      }
      JsonNode done = Processes.get(api, job);
      assertEquals(IMAGES, done.get("done").asInt());
      JsonNode experiment =
          Processes.get(api, "/api/experiments/" + done.get("experimentId").asText());
      JsonNode point = experiment.get("points").get(0);
      assertEquals(2, point.get("attempt").asInt(), "computed again after the kill");
      assertEquals("refs-worker-2", point.get("worker").asText());

      JsonNode references = Processes.get(api, "/api/references");
      assertEquals(
          1,
          StreamSupport.stream(references.spliterator(), false)
              .filter(r -> r.get("key").asText().equals(key))
              .count(),
          "stored once");
      assertEquals(IMAGES, Processes.get(api, "/api/references/survivor").get("n").asInt());
      assertEquals(references, Processes.get(otherApi, "/api/references"));
      assertEquals(done, Processes.get(otherApi, job));
      assertEquals(
          Processes.get(api, "/api/references/jobs"),
          Processes.get(otherApi, "/api/references/jobs"));
    }
  }

  /** {@code n} random 3×16×16 images, NCHW. */
  private static byte[] images(int n) {
    SplittableRandom rng = new SplittableRandom(1);
    byte[] pixels = new byte[n * 768];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) rng.nextInt(256);
    }
    return pixels;
  }
}
