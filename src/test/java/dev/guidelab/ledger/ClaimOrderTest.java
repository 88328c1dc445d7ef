package dev.guidelab.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which queued point {@link PointClaims#claimNext} takes, against a real PostgreSQL: the highest
 * priority, then the owner with the fewest running points, then the owner served longest ago, then
 * the oldest experiment, then sweep order (ARCHITECTURE.md, "Which point a worker claims").
 */
@Tag("flow")
class ClaimOrderTest {

  private static TestLedger ledger;

  @BeforeAll
  static void start() {
    ledger = new TestLedger();
  }

  @AfterAll
  static void stop() {
    ledger.close();
  }

  @BeforeEach
  void clear() throws SQLException {
    ledger.clear();
  }

  private static Claim claimNext() {
    return ledger
        .claims
        .claimNext(new Claimant("w", "cpu"))
        .orElseThrow(() -> new AssertionError("nothing claimed"));
  }

  @Test
  void nothingQueuedClaimsNothing() {
    assertTrue(ledger.claims.claimNext(new Claimant("w", "cpu")).isEmpty());
    TestLedger.Stored e = ledger.create("ada", 0, 1);
    assertEquals(e.point(0), claimNext().pointId());
    assertTrue(ledger.claims.claimNext(new Claimant("w", "cpu")).isEmpty());
  }

  @Test
  void higherPrioritiesAreClaimedFirstWhateverTheirAgeAndOwner() {
    TestLedger.Stored low = ledger.create("ada", -3, 1);
    TestLedger.Stored normal = ledger.create("grace", 0, 2);
    TestLedger.Stored high = ledger.create("alan", 5, 2);

    // alan's two points first, although alan then has more running than anybody.
    List<UUID> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      order.add(claimNext().pointId());
    }
    assertEquals(
        List.of(high.point(0), high.point(1), normal.point(0), normal.point(1), low.point(0)),
        order);
    assertTrue(ledger.claims.claimNext(new Claimant("w", "cpu")).isEmpty());
  }

  @Test
  void amongEqualPrioritiesTheOwnerWithFewerRunningPointsGoesFirst() {
    TestLedger.Stored a = ledger.create("ada", 0, 4);
    TestLedger.Stored b = ledger.create("grace", 0, 3);

    assertEquals(a.point(0), claimNext().pointId()); // nobody runs anything: the oldest
    assertEquals(b.point(0), claimNext().pointId()); // ada runs 1, grace 0
    assertEquals(a.point(1), claimNext().pointId()); // 1 and 1: ada was served longer ago
    Claim b1 = claimNext(); // ada runs 2, grace 1
    assertEquals(b.point(1), b1.pointId());

    // grace's second point finishes: grace runs 1, ada 2. Running counts decide before turns do,
    // so grace goes again although she was served last.
    ledger.complete(b1);
    assertEquals(b.point(2), claimNext().pointId());
    assertEquals(a.point(2), claimNext().pointId()); // 2 and 2: ada was served longer ago
    assertEquals(a.point(3), claimNext().pointId()); // grace has nothing queued
  }

  @Test
  void withOneWorkerOwnersTakeTurns() {
    TestLedger.Stored a = ledger.create("ada", 0, 6);
    // ada's first point is running when grace submits.
    Claim first = claimNext();
    assertEquals(a.point(0), first.pointId());
    TestLedger.Stored b = ledger.create("grace", 0, 2);
    ledger.complete(first);

    List<UUID> order = new ArrayList<>(List.of(first.pointId()));
    for (int i = 0; i < 7; i++) {
      Claim claim = claimNext(); // the one worker: one point at a time
      order.add(claim.pointId());
      ledger.complete(claim);
    }
    assertEquals(
        List.of(
            a.point(0),
            b.point(0),
            a.point(1),
            b.point(1),
            a.point(2),
            a.point(3),
            a.point(4),
            a.point(5)),
        order);
    assertTrue(ledger.claims.claimNext(new Claimant("w", "cpu")).isEmpty());
  }

  @Test
  void amongOwnersNeverServedTheOldestExperimentGoesFirstInSweepOrder() {
    TestLedger.Stored older = ledger.create("ada", 0, 2);
    TestLedger.Stored newer = ledger.create("grace", 0, 2);
    TestLedger.Stored adasSecond = ledger.create("ada", 0, 1);

    Claim a0 = claimNext();
    assertEquals(older.point(0), a0.pointId());
    ledger.complete(a0);
    Claim b0 = claimNext(); // grace never served
    assertEquals(newer.point(0), b0.pointId());
    ledger.complete(b0);
    // ada served longer ago than grace: ada's oldest experiment first, in sweep order.
    Claim a1 = claimNext();
    assertEquals(older.point(1), a1.pointId());
    ledger.complete(a1);
    assertEquals(newer.point(1), claimNext().pointId());
    assertEquals(adasSecond.point(0), claimNext().pointId());
  }

  @Test
  void aRequeuedPointKeepsItsPlace() {
    TestLedger.Stored a = ledger.create("ada", 0, 3);
    Claim a0 = claimNext();
    assertEquals(a.point(0), a0.pointId());
    TestLedger.Stored b = ledger.create("grace", 0, 1);
    // The attempt fails and is given back: it is queued again ahead of ada's later points.
    assertEquals(
        State.QUEUED,
        ledger
            .points
            .releaseOrFail(a.id(), a0.pointId(), a0.version(), "boom", 3)
            .orElseThrow()
            .to());
    Claim b0 = claimNext(); // grace never served
    assertEquals(b.point(0), b0.pointId());
    Claim retry = claimNext();
    assertEquals(a.point(0), retry.pointId());
    assertEquals(2, retry.attempt());
  }

  @Test
  void aClaimKeepsTheHistoryAndTheExperimentsState() {
    TestLedger.Stored a = ledger.create("ada", 0, 2);
    Claim claim = ledger.claims.claimNext(new Claimant("worker-7", "cpu")).orElseThrow();
    assertEquals(a.id(), claim.experimentId());
    assertEquals(1, claim.attempt());
    assertEquals(State.RUNNING, claim.experimentState());
    assertEquals(TestLedger.KIND, claim.kind());
    assertEquals(0, claim.params().path("i").asInt());
    assertEquals("worker-7", claim.worker());
    // The claimed point has left the queue; the other one is next.
    assertEquals(a.point(1), claimNext().pointId());
  }
}
