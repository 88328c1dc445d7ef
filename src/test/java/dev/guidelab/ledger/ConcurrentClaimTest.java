package dev.guidelab.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link PointClaims#claimNext} under concurrent claimers, against a real PostgreSQL: every point
 * is claimed exactly once, and claims, completions and cancels never deadlock (a claim that locked
 * its point before its experiment would: a completion or cancel holds the experiment while it
 * changes the experiment's points).
 */
@Tag("flow")
class ConcurrentClaimTest {

  private static final int CLAIMERS = 6;

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

  /** Runs {@code claimers} threads, each claiming until nothing is queued; returns the claims. */
  private static List<Claim> claimUntilEmpty(int claimers, boolean complete) throws Exception {
    ConcurrentLinkedQueue<Claim> claims = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int w = 0; w < claimers; w++) {
        String name = "worker-" + w;
        workers.add(
            CompletableFuture.runAsync(
                () -> {
                  await(go);
                  for (Optional<Claim> claim = ledger.claims.claimNext(new Claimant(name, "cpu"));
                      claim.isPresent();
                      claim = ledger.claims.claimNext(new Claimant(name, "cpu"))) {
                    claims.add(claim.get());
                    if (complete) {
                      ledger.complete(claim.get());
                    }
                  }
                },
                pool));
      }
      go.countDown();
      CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
    return List.copyOf(claims);
  }

  @Test
  void concurrentClaimersClaimEveryPointExactlyOnce() throws Exception {
    List<TestLedger.Stored> stored = new ArrayList<>();
    String[] owners = {"ada", "grace", "alan"};
    for (int i = 0; i < 6; i++) {
      stored.add(ledger.create(owners[i % owners.length], i % 3 - 1, 20));
    }
    Set<UUID> all = new HashSet<>();
    stored.forEach(e -> all.addAll(e.points()));

    List<Claim> claims = claimUntilEmpty(CLAIMERS, true);

    Set<UUID> claimed = new HashSet<>();
    claims.forEach(c -> claimed.add(c.pointId()));
    assertEquals(all.size(), claims.size(), "one claim per point");
    assertEquals(all, claimed, "every point claimed");
    assertEquals(0, count("SELECT count(*) FROM point WHERE state <> 'COMPLETED' OR attempt <> 1"));
    assertEquals(
        all.size(),
        count(
            "SELECT count(*) FROM state_change WHERE to_state = 'RUNNING' AND point_id IS NOT NULL"));
    assertEquals(0, count("SELECT count(*) FROM experiment WHERE state <> 'COMPLETED'"));
  }

  @Test
  void claimingWhileExperimentsAreCancelledNeitherDeadlocksNorClaimsTwice() throws Exception {
    List<TestLedger.Stored> stored = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      stored.add(ledger.create(i % 2 == 0 ? "ada" : "grace", 0, 25));
    }
    CompletableFuture<Void> cancels =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 1; i < stored.size(); i += 2) {
                if (ledger.experiments.cancel(stored.get(i).id(), "test").isEmpty()) {
                  throw new AssertionError("experiment " + stored.get(i).id() + " is missing");
                }
              }
            });
    List<Claim> claims = claimUntilEmpty(CLAIMERS, false);
    cancels.get(1, TimeUnit.MINUTES);

    assertEquals(claims.size(), new HashSet<>(claims.stream().map(Claim::pointId).toList()).size());
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM (SELECT point_id FROM state_change WHERE to_state = 'RUNNING'"
                + " AND point_id IS NOT NULL"
                + " GROUP BY point_id HAVING count(*) > 1) twice"));
    // Every point of a cancelled experiment ended cancelled, claimed or not; the rest all run.
    assertEquals(0, count("SELECT count(*) FROM point WHERE state = 'QUEUED'"));
    for (int i = 0; i < stored.size(); i++) {
      String expected = i % 2 == 1 ? "CANCELLED" : "RUNNING";
      assertEquals(
          0,
          count(
              "SELECT count(*) FROM point WHERE experiment_id = '"
                  + stored.get(i).id()
                  + "' AND state <> '"
                  + expected
                  + "'"));
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = ledger.db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
