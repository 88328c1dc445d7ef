package dev.guidelab.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.db.Transactions;
import dev.guidelab.testing.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The ledger gauges show the last scheduled count ({@link LedgerMeters#count}, called here where
 * the scheduler would call it): a scrape right after a count sees the ledger as it was then, never
 * an older count, and never waits for or fails with the database.
 */
class LedgerMetersTest {

  @Test
  void aScrapeAfterACountSeesThatCount() throws Exception {
    try (TestLedger ledger = new TestLedger()) {
      // The gauges' own connection settings, so that the database can go away for them alone.
      PGSimpleDataSource db = new PGSimpleDataSource();
      db.setURL(ledger.db.getURL());
      db.setUser(ledger.db.getUser());
      db.setPassword(ledger.db.getPassword());
      MeterRegistry registry = new SimpleMeterRegistry();
      LedgerMeters meters = new LedgerMeters(new PointCensus(new Transactions(db)), registry);
      assertTrue(Double.isNaN(depth(registry)), "nothing counted yet");

      ledger.create("ada", 0, 3);
      meters.count();
      assertEquals(3, depth(registry));
      assertEquals(3, points(registry, State.QUEUED));
      assertTrue(oldestAge(registry) > 0);

      // The queue empties; the first scrape after the next count shows it empty. (Counting on a
      // scrape that found the count old returned the old count to that scrape: 3 queued, and the
      // age of a point that had left the queue.)
      for (int i = 0; i < 3; i++) {
        ledger.complete(ledger.claims.claimNext(new Claimant("w", "cpu")).orElseThrow());
      }
      meters.count();
      assertEquals(0, depth(registry));
      assertEquals(0, oldestAge(registry));
      assertEquals(0, points(registry, State.QUEUED));
      assertEquals(3, points(registry, State.COMPLETED));

      // Without the database the gauges keep the last count.
      ledger.create("ada", 0, 2);
      meters.count();
      try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        db.setPortNumbers(new int[] {closed.getLocalPort()}); // nobody accepts there after this
      }
      meters.count();
      assertEquals(2, depth(registry));
      assertEquals(2, points(registry, State.QUEUED));
    }
  }

  @Test
  void aScrapeNeverWaitsForTheDatabase() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // held open, never answered
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setServerNames(new String[] {"127.0.0.1"});
      dataSource.setPortNumbers(new int[] {silent.getLocalPort()});
      dataSource.setDatabaseName("guidelab");
      dataSource.setLoginTimeout(60);
      dataSource.setSocketTimeout(60);
      MeterRegistry registry = new SimpleMeterRegistry();
      LedgerMeters meters =
          new LedgerMeters(new PointCensus(new Transactions(dataSource)), registry);
      Thread counting = new Thread(meters::count, "scheduled count");
      try {
        counting.start(); // waits for an answer that never comes
        Await.until(
            "the count to reach the database", Duration.ofSeconds(10), () -> accepted.size() == 1);
        for (int i = 0; i < 5; i++) {
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () -> {
                assertTrue(Double.isNaN(depth(registry)));
                assertTrue(Double.isNaN(oldestAge(registry)));
              });
        }

        // The database goes away: the count fails and the gauges keep what they had (nothing).
        for (Socket socket : accepted) {
          socket.close();
        }
        counting.join(Duration.ofSeconds(30).toMillis());
        assertTrue(Double.isNaN(depth(registry)));
      } finally {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
  }

  private static double depth(MeterRegistry registry) {
    return registry.get("guidelab.queue.depth").gauge().value();
  }

  private static double oldestAge(MeterRegistry registry) {
    return registry.get("guidelab.queue.oldest.age").gauge().value();
  }

  private static double points(MeterRegistry registry, State state) {
    return registry
        .get("guidelab.points")
        .tags("kind", TestLedger.KIND.name(), "state", state.name())
        .gauge()
        .value();
  }
}
