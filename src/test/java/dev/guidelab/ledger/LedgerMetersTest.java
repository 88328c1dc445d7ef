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
 * The ledger gauges never make a scrape wait for, or fail with, the database: against a server that
 * accepts connections and never answers, they read NaN at once while the count waits on its own
 * thread, and stay NaN once it has failed.
 */
class LedgerMetersTest {

  @Test
  void gaugesReadNanAtOnceWhileTheDatabaseDoesNotAnswer() throws Exception {
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
          new LedgerMeters(
              new PointCensus(new Transactions(dataSource)), registry, Duration.ofMillis(100));
      try {
        // The first read starts a count, which now waits for an answer that never comes.
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> assertTrue(Double.isNaN(depth(registry))));
        Await.until(
            "the count to reach the database", Duration.ofSeconds(10), () -> accepted.size() == 1);
        Await.pause(Duration.ofMillis(300)); // longer than the refresh: the count is overdue
        for (int i = 0; i < 5; i++) {
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () -> {
                assertTrue(Double.isNaN(depth(registry)));
                assertTrue(Double.isNaN(registry.get("guidelab.queue.oldest.age").gauge().value()));
              });
        }
        assertEquals(1, accepted.size(), "one count at a time, however often it is read");

        // The database goes away: the count fails, the gauges stay NaN and the next read counts
        // again.
        for (Socket socket : accepted) {
          socket.close();
        }
        Await.until(
            "a new count after the failed one",
            Duration.ofSeconds(30),
            () -> Double.isNaN(depth(registry)) && accepted.size() >= 2);
      } finally {
        meters.stop();
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
  }

  private static double depth(MeterRegistry registry) {
    return registry.get("guidelab.queue.depth").gauge().value();
  }
}
