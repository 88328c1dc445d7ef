package dev.guidelab.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Ledger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium against this running Guidelab (embedded Kafka and
 * PostgreSQL): {@code src-ui/e2e/*.e2e.ts} submit a sweep through the form and watch it complete
 * live, export CSV, keep zoom, search the history, compare, cancel and run again. Screenshots of
 * each page go to {@code target/screenshots/}.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class DashboardBrowserTest {

  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

  /** The browser tests name their experiments {@code e2e-<run> …}. */
  private static final String BROWSER_POINTS_AT_WORK =
      "SELECT count(*) FROM point p JOIN experiment e ON e.id = p.experiment_id"
          + " WHERE e.name LIKE 'e2e-%' AND p.state IN ('QUEUED', 'RUNNING')";

  private static final Path LOG = Path.of("target/dashboard-e2e.log").toAbsolutePath();

  @TestHTTPResource("/")
  URL app;

  @Inject DataSource db;

  @Test
  void theDashboardWorksEndToEndInChromium() throws Exception {
    assertTrue(
        Files.isExecutable(CHROMIUM),
        "the browser tests need Debian's Chromium at "
            + CHROMIUM
            + " (apt-get install chromium; .ci/run installs it) or CHROMIUM=<path>");
    deleteScreenshots();
    ProcessBuilder e2e =
        new ProcessBuilder("npm", "run", "e2e")
            .directory(new File("src-ui"))
            .redirectErrorStream(true)
            .redirectOutput(LOG.toFile());
    e2e.environment().put("GUIDELAB_URL", app.toString());
    e2e.environment().put("GUIDELAB_SCREENSHOTS", SCREENSHOTS.toString());
    e2e.environment().put("CHROMIUM", CHROMIUM.toString());
    e2e.environment().put("NO_COLOR", "1");
    Process process = e2e.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("browser tests did not finish in 10 minutes:\n" + Files.readString(LOG));
    }
    String output = Files.readString(LOG);
    System.out.println(output);
    assertEquals(0, process.exitValue(), "browser tests failed:\n" + output);
    // The browser tests cancel what they left running; wait until no worker writes any more, so
    // later test classes see a quiet ledger.
    Await.until(
        "the browser tests' points to stop",
        Duration.ofSeconds(60),
        () -> Ledger.count(db, BROWSER_POINTS_AT_WORK) == 0);
    for (String page : List.of("new-experiment-preset", "experiment-live", "history", "compare")) {
      assertTrue(Files.size(SCREENSHOTS.resolve(page + ".png")) > 10_000, page + " screenshot");
    }
  }

  /** So the screenshots checked are this run's. */
  private static void deleteScreenshots() throws IOException {
    if (Files.isDirectory(SCREENSHOTS)) {
      try (Stream<Path> files = Files.list(SCREENSHOTS)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    }
  }
}
