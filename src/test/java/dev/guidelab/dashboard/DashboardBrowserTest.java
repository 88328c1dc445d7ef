package dev.guidelab.dashboard;

import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Ledger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium against this running Guidelab (embedded Kafka and
 * PostgreSQL, accounts off on localhost): {@code src-ui/e2e/dashboard/} submits a sweep through the
 * form and watches it complete live, exports CSV, keeps zoom, draws an EMA sweep against its
 * guide's EMA width with a w × EMA heat map, searches the history, tags, notes and archives,
 * compares, cancels and runs again. Screenshots of each page go to {@code target/screenshots/}.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class DashboardBrowserTest {

  /** The browser tests name their experiments {@code e2e-<run> …}. */
  private static final String BROWSER_POINTS_AT_WORK =
      "SELECT count(*) FROM point p JOIN experiment e ON e.id = p.experiment_id"
          + " WHERE e.name LIKE 'e2e-%' AND p.state IN ('QUEUED', 'RUNNING')";

  @TestHTTPResource("/")
  URL app;

  @Inject DataSource db;

  @Test
  void theDashboardWorksEndToEndInChromium() throws Exception {
    BrowserSuite.run(
        "e2e",
        app,
        Map.of(),
        List.of(
            "new-experiment-preset",
            "experiment-live",
            "experiment-ema",
            "history",
            "history-tags",
            "compare",
            "queue"));
    // The browser tests cancel what they left running; wait until no worker writes any more, so
    // later test classes see a quiet ledger.
    Await.until(
        "the browser tests' points to stop",
        Duration.ofSeconds(60),
        () -> Ledger.count(db, BROWSER_POINTS_AT_WORK) == 0);
  }
}
