package dev.guidelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.testing.Accounts;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Ledger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fair share through the whole flow: the test app's one worker, which computes one point at a time,
 * serves a second owner's sweep between the points of a first owner's longer one (ARCHITECTURE.md,
 * "Which point a worker claims"). Both sweeps are queued while the worker computes somebody else's
 * point, so the order does not depend on how fast a loaded machine answers the second submission
 * (PointLedger's tests cover a sweep that is already running when another owner's arrives).
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class FairShareFlowTest {

  private static final Logger LOG = Logger.getLogger(FairShareFlowTest.class);

  @Inject DataSource db;
  @Inject ExperimentLedger experiments;

  /** A toy sweep of 1 + {@code weights} points, each about a second on the test app. */
  private static String sweep(String owner, String weights) {
    return """
        {"name": "fair share %s", "main": "toy-oracle:A",
         "sweep": [{"method": "none"},
                   {"method": "cfg", "guide": "toy-oracle:AB", "weights": [%s]}],
         "sampler": {"steps": 8}, "samples": 1000, "seed": 5,
         "metrics": ["log_likelihood"]}
        """
        .formatted(owner, weights);
  }

  /** A point as it ran: which owner's it is, when it started, how many attempts it took. */
  private record Ran(String owner, int ordinal, Instant startedAt, int attempt, String state) {}

  private static List<Ran> points(String id, String owner) throws Exception {
    JsonNode view = Experiments.get("/api/experiments/" + id);
    return StreamSupport.stream(view.get("points").spliterator(), false)
        .map(
            p ->
                new Ran(
                    owner,
                    p.get("ordinal").asInt(),
                    Instant.parse(p.get("startedAt").asText()),
                    p.get("attempt").asInt(),
                    p.get("state").asText()))
        .toList();
  }

  @Test
  void withOneWorkerASecondOwnersPointsAreInterleavedWithTheFirstOwnersSweep() throws Exception {
    cancelOtherWork();
    // Three members; the worker is busy with carol's long point while ada, then grace, submit.
    String carol = Accounts.create(Accounts.unique("carol"), "member");
    String ada = Accounts.create(Accounts.unique("ada"), "member");
    String grace = Accounts.create(Accounts.unique("grace"), "member");
    String busy =
        Experiments.submit(
            Accounts.as(carol),
            """
            {"name": "fair share: busy", "main": "toy-oracle:A",
             "sweep": [{"method": "none"}], "samples": 200000, "seed": 1}
            """);
    Await.until(
        "carol's point running", Duration.ofMinutes(1), () -> "RUNNING".equals(state(busy)));
    String a = Experiments.submit(Accounts.as(ada), sweep("ada", "1.5, 2, 3, 4, 5")); // 6 points
    String b = Experiments.submit(Accounts.as(grace), sweep("grace", "2")); // after ada's
    assertEquals("RUNNING", state(busy), "carol's point ended before both sweeps were queued");
    Accounts.as(carol).post("/api/experiments/" + busy + "/cancel").then().statusCode(200);
    for (String id : List.of(a, b)) {
      Await.until(
          "experiment " + id + " completed",
          Duration.ofMinutes(3),
          () -> "COMPLETED".equals(state(id)));
    }

    List<Ran> adaRan = points(a, "ada");
    List<Ran> graceRan = points(b, "grace");
    List<Ran> all = new ArrayList<>(adaRan);
    all.addAll(graceRan);
    all.sort(Comparator.comparing(Ran::startedAt));
    LOG.infof("claim order: %s", all.stream().map(r -> r.owner() + "#" + r.ordinal()).toList());

    // Every point computed once: one attempt, one claim.
    for (Ran ran : all) {
      assertEquals("COMPLETED", ran.state(), ran.toString());
      assertEquals(1, ran.attempt(), ran.toString());
    }
    for (String id : List.of(a, b)) {
      assertEquals(
          0,
          Ledger.count(
              db,
              "SELECT count(*) FROM (SELECT point_id FROM state_change WHERE experiment_id = ?::uuid"
                  + " AND to_state = 'RUNNING' GROUP BY point_id HAVING count(*) <> 1) x",
              id));
    }
    // grace's first point starts before ada's third: the two take turns, oldest sweep first.
    List<Instant> adaStarts = adaRan.stream().map(Ran::startedAt).sorted().toList();
    Instant graceFirst = graceRan.stream().map(Ran::startedAt).min(Comparator.naturalOrder()).get();
    assertTrue(graceFirst.isBefore(adaStarts.get(2)), "grace waited for ada: " + all);
    assertEquals(
        List.of("ada#0", "grace#0", "ada#1", "grace#1", "ada#2", "ada#3", "ada#4", "ada#5"),
        all.stream().map(r -> r.owner() + "#" + r.ordinal()).toList());
  }

  private String state(String experimentId) {
    return Ledger.text(db, "SELECT state FROM experiment WHERE id = ?::uuid", experimentId);
  }

  /**
   * Cancels what other tests left queued or running in the shared test database: a queued point
   * whose message never went out would otherwise take one of this test's messages.
   */
  private void cancelOtherWork() throws SQLException {
    List<UUID> active = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM experiment WHERE state IN ('QUEUED', 'RUNNING')");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        active.add(rs.getObject(1, UUID.class));
      }
    }
    active.forEach(id -> experiments.cancel(id, "test"));
  }
}
