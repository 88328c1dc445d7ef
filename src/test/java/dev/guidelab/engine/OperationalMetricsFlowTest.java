package dev.guidelab.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Scrape;
import dev.guidelab.testing.Specs;
import dev.guidelab.testing.SseRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sweep run to completion moves Guidelab's meters at {@code /q/metrics} (docs/operations.md) by
 * exactly what it computed: points, samples, denoiser evaluations, claims, metric evaluations, the
 * ledger's points by state and the SSE stream that followed it.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class OperationalMetricsFlowTest {

  private static final int SAMPLES = 1000; // two reports of 500 (test profile)
  private static final int REPORTS = 2;
  private static final List<String> METRICS =
      List.of("log_likelihood", "outlier_fraction", "branch_tv", "branches_hit", "fd");
  private static final Pattern UUID_IN_PATH =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @TestHTTPResource("/")
  URI root;

  @Test
  void aCompletedSweepMovesEveryMeterByWhatItComputed() throws Exception {
    // Earlier tests' points are finished and the ledger gauges have counted that (refresh 1 s).
    Await.until(
        "no point queued or running",
        Duration.ofMinutes(2),
        () -> {
          Scrape s = Scrape.now();
          return s.has("guidelab_queue_depth")
              && s.sum("guidelab_queue_depth") == 0
              && s.sum("guidelab_points", "state", "RUNNING") == 0;
        });
    Await.pause(Duration.ofMillis(1500));
    Scrape before = Scrape.now();

    String id = Experiments.submit(Specs.cfgSweep("operational metrics", SAMPLES, "2"));
    try (SseRecorder sse = SseRecorder.open(root.resolve("api/experiments/" + id + "/events"))) {
      Await.until(
          "the stream counted as an SSE client",
          Duration.ofSeconds(30),
          () -> Scrape.now().sum("guidelab_sse_clients") == before.sum("guidelab_sse_clients") + 1);
      sse.awaitEnd(Duration.ofMinutes(2));
    }
    JsonNode experiment = Experiments.get("/api/experiments/" + id);
    assertEquals("COMPLETED", experiment.get("state").asText());
    int points = experiment.get("points").size();
    assertEquals(2, points);
    double nfe = 0;
    for (JsonNode point : experiment.get("points")) {
      nfe += point.get("nfePerSample").asDouble() * point.get("samplesDone").asInt();
    }

    Await.until(
        "the ledger gauge to count the points COMPLETED and the stream closed",
        Duration.ofSeconds(30),
        () -> {
          Scrape s = Scrape.now();
          return delta(before, s, "guidelab_points", "kind", "sweep", "state", "COMPLETED")
                  == points
              && s.sum("guidelab_sse_clients") == before.sum("guidelab_sse_clients");
        });
    Scrape after = Scrape.now();

    assertEquals(
        points,
        delta(
            before, after, "guidelab_worker_points_total", "kind", "sweep", "outcome", "completed"),
        "completed points");
    assertEquals(
        0, delta(before, after, "guidelab_worker_points_total", "outcome", "failed"), "failed");
    assertEquals(
        (double) points * SAMPLES,
        delta(before, after, "guidelab_worker_samples_total", "device", "cpu"),
        "samples");
    assertEquals(
        nfe,
        delta(before, after, "guidelab_worker_denoiser_evaluations_total", "device", "cpu"),
        0.5,
        "denoiser evaluations");
    assertTrue(nfe >= 2.0 * points * SAMPLES, "a 16-step Heun sampler evaluates more than twice");
    assertEquals(
        points,
        delta(before, after, "guidelab_claim_latency_seconds_count", "kind", "sweep"),
        "one claim latency per point");
    assertTrue(delta(before, after, "guidelab_claim_latency_seconds_sum", "kind", "sweep") >= 0);
    for (String metric : METRICS) {
      assertEquals(
          points * REPORTS,
          delta(before, after, "guidelab_metric_computation_seconds_count", "metric", metric),
          "evaluations of " + metric);
    }
    assertEquals(
        0,
        delta(before, after, "guidelab_metric_computation_seconds_count", "metric", "kid"),
        "a metric the spec does not ask for is not timed");
    assertEquals(
        0, after.sum("guidelab_points", "kind", "sweep", "state", "QUEUED"), "nothing queued");
    assertEquals(0, after.sum("guidelab_queue_depth"));
    assertEquals(0, after.sum("guidelab_queue_oldest_age_seconds"));
    assertTrue(after.has("guidelab_queue_oldest_age_seconds"));

    // HTTP server metrics name requests by their path template, not by the experiment's id, and
    // an unknown id or path does not make a series of its own either.
    given().get("/api/experiments/" + UUID.randomUUID()).then().statusCode(404);
    given().get("/api/no-such-resource/" + UUID.randomUUID()).then().statusCode(404);
    Scrape http = Scrape.now();
    for (String template : List.of("/api/experiments/{id}", "/api/experiments/{id}/events")) {
      assertFalse(
          http.series("http_server_requests_seconds_count", "uri", template).isEmpty(),
          template + " is a templated series");
    }
    for (Scrape.Series series : http.series("http_server_requests_seconds_count")) {
      String uri = series.labels().getOrDefault("uri", "");
      assertFalse(UUID_IN_PATH.matcher(uri).find(), "one series per experiment: " + uri);
    }
  }

  private static double delta(Scrape before, Scrape after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }
}
