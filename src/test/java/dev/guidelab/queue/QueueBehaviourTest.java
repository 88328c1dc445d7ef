package dev.guidelab.queue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.experiment.ExperimentSpec;
import dev.guidelab.experiment.SpecParser;
import dev.guidelab.experiment.SpecResolver;
import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.Claimant;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.PointClaims;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.metrics.Metric;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Ledger;
import dev.guidelab.testing.Specs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The queue's guarantees against a real broker and a real database. */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class QueueBehaviourTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject SpecParser parser;
  @Inject ExperimentLedger experiments;
  @Inject SpecResolver resolver;
  @Inject ObjectMapper mapper;
  @Inject PointLedger points;
  @Inject PointClaims claims;
  @Inject WorkPublisher work;
  @Inject DataSource db;

  /** Stores an experiment without publishing its work, so the test decides what reaches Kafka. */
  private ExperimentLedger.Created store(String json) {
    ExperimentSpec spec = parser.parse(json);
    return experiments.create(
        spec.toNewExperiment(
            "test", parser.toJson(spec), parser.hash(spec), resolver.resolve(spec), mapper),
        Map.of());
  }

  private String pointState(UUID pointId) {
    return Ledger.text(db, "SELECT state FROM point WHERE id = ?", pointId);
  }

  @Test
  void aPointMessageDeliveredTwiceIsComputedOnce() {
    ExperimentLedger.Created created = store(Specs.single("redelivery", 1000));
    UUID pointId = created.pointIds().get(0);
    work.publish(created.experimentId(), pointId);
    work.publish(created.experimentId(), pointId);

    Await.until("point completed", PATIENCE, () -> "COMPLETED".equals(pointState(pointId)));
    // Give the duplicate message time to arrive and be dropped.
    Await.until(
        "experiment completed",
        PATIENCE,
        () ->
            "COMPLETED"
                .equals(
                    Ledger.text(
                        db, "SELECT state FROM experiment WHERE id = ?", created.experimentId())));
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertEquals(
        1,
        Ledger.count(
            db,
            "SELECT count(*) FROM state_change WHERE point_id = ? AND to_state = 'RUNNING'",
            pointId));
    assertEquals("1", Ledger.text(db, "SELECT attempt FROM point WHERE id = ?", pointId));
    // Every (default) metric at n = 500 and n = 1000, written once.
    assertEquals(
        2L * Metric.wireNames(Metric.defaults(Metric.Domain.TOY)).size(),
        Ledger.count(db, "SELECT count(*) FROM metric_value WHERE point_id = ?", pointId));
  }

  @Test
  void whenTwoWorkersClaimTheSamePointExactlyOneWins() throws Exception {
    ExperimentLedger.Created created = store(Specs.single("claim race", 10));
    UUID pointId = created.pointIds().get(0);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Optional<Claim>>> claimers =
        List.of("worker-1", "worker-2", "worker-3").stream()
            .map(
                name ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            start.await();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return claims.claim(
                              created.experimentId(), pointId, new Claimant(name, "cpu"));
                        }))
            .toList();
    start.countDown();
    long winners =
        claimers.stream().map(CompletableFuture::join).filter(Optional::isPresent).count();
    assertEquals(1, winners);
    assertEquals("RUNNING", pointState(pointId));
    assertEquals("1", Ledger.text(db, "SELECT attempt FROM point WHERE id = ?", pointId));
    experiments.cancel(created.experimentId(), "test");
  }

  @Test
  void aPointWhoseWorkerStopsHeartbeatingIsRequeuedAndCompletedByAnother() {
    ExperimentLedger.Created created = store(Specs.single("stale heartbeat", 500));
    UUID pointId = created.pointIds().get(0);
    // A worker claims the point and dies: no heartbeat, no result.
    assertTrue(
        claims.claim(created.experimentId(), pointId, new Claimant("ghost", "cpu")).isPresent());

    Await.until("point completed", PATIENCE, () -> "COMPLETED".equals(pointState(pointId)));
    assertEquals("2", Ledger.text(db, "SELECT attempt FROM point WHERE id = ?", pointId));
    assertNotEquals("ghost", Ledger.text(db, "SELECT worker FROM point WHERE id = ?", pointId));
    assertEquals(
        "heartbeat lost (worker ghost)",
        Ledger.text(
            db,
            "SELECT error FROM state_change WHERE point_id = ? AND from_state = 'RUNNING' AND to_state = 'QUEUED'",
            pointId));
  }

  @Test
  void aPointFailsWithItsLastErrorAfterMaxAttempts() {
    ExperimentLedger.Created created = store(Specs.single("max attempts", 10));
    UUID experimentId = created.experimentId();
    UUID pointId = created.pointIds().get(0);
    for (int attempt = 1; attempt <= 3; attempt++) {
      Claim claim = claims.claim(experimentId, pointId, new Claimant("flaky", "cpu")).orElseThrow();
      assertEquals(attempt, claim.attempt());
      assertTrue(
          points
              .releaseOrFail(experimentId, pointId, claim.version(), "boom " + attempt, 3)
              .isPresent());
    }
    assertEquals("FAILED", pointState(pointId));
    assertEquals("boom 3", Ledger.text(db, "SELECT error FROM point WHERE id = ?", pointId));
    assertEquals(
        "FAILED", Ledger.text(db, "SELECT state FROM experiment WHERE id = ?", experimentId));
    // A failed point cannot be claimed again.
    assertTrue(claims.claim(experimentId, pointId, new Claimant("late", "cpu")).isEmpty());
  }

  @Test
  void aPointGivenBackIsQueuedWithNoAttemptSpentWhileItsExperimentKeepsRunning() {
    ExperimentLedger.Created created = store(Specs.single("given back", 10));
    UUID experimentId = created.experimentId();
    UUID pointId = created.pointIds().get(0);
    Claim claim = claims.claim(experimentId, pointId, new Claimant("leaving", "cpu")).orElseThrow();
    assertTrue(points.giveBack(claim, "worker leaving stopped").isPresent());
    assertEquals("QUEUED", pointState(pointId));
    assertEquals("0", Ledger.text(db, "SELECT attempt FROM point WHERE id = ?", pointId));
    assertEquals(
        "RUNNING", Ledger.text(db, "SELECT state FROM experiment WHERE id = ?", experimentId));
    // The claim is spent: a second give-back (or any write under it) changes nothing.
    assertTrue(points.giveBack(claim, "again").isEmpty());
    experiments.cancel(experimentId, "test");
  }

  @Test
  void cancellingMidRunStopsTheWorkerAtItsNextBatch() {
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Specs.single("cancel me", 200_000))
            .post("/api/experiments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    UUID experimentId = UUID.fromString(id);
    Await.until(
        "first batch stored",
        PATIENCE,
        () ->
            Ledger.count(
                    db,
                    "SELECT coalesce(max(samples_done), 0) FROM point WHERE experiment_id = ?",
                    experimentId)
                >= 500);

    given().post("/api/experiments/" + id + "/cancel").then().statusCode(200);
    assertEquals(
        "CANCELLED", Ledger.text(db, "SELECT state FROM experiment WHERE id = ?", experimentId));

    long rowsAtCancel = metricRows(experimentId);
    // The worker notices at its next batch and writes nothing more; a later experiment still runs.
    ExperimentLedger.Created next = store(Specs.single("after cancel", 500));
    work.publish(next.experimentId(), next.pointIds().get(0));
    Await.until(
        "next experiment completed",
        PATIENCE,
        () -> "COMPLETED".equals(pointState(next.pointIds().get(0))));
    assertTrue(
        metricRows(experimentId)
            <= rowsAtCancel + Metric.wireNames(Metric.defaults(Metric.Domain.TOY)).size(),
        "at most the batch in flight was written");
    assertEquals(
        "CANCELLED",
        Ledger.text(db, "SELECT state FROM point WHERE experiment_id = ?", experimentId));
    assertTrue(
        Ledger.count(db, "SELECT samples_done FROM point WHERE experiment_id = ?", experimentId)
            < 200_000);
  }

  private long metricRows(UUID experimentId) {
    return Ledger.count(
        db,
        "SELECT count(*) FROM metric_value m JOIN point p ON p.id = m.point_id WHERE p.experiment_id = ?",
        experimentId);
  }
}
