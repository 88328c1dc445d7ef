package dev.guidelab.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium against this running Guidelab (embedded Kafka and
 * PostgreSQL): {@code src-ui/e2e/*.e2e.ts} submit a sweep through the form and watch it complete
 * live, export CSV, keep zoom, search the history, compare, cancel and run again. Screenshots of
 * each page go to {@code target/screenshots/}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class DashboardBrowserTest {

  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();
  private static final Path LOG = Path.of("target/dashboard-e2e.log").toAbsolutePath();

  @TestHTTPResource("/")
  URL app;

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
