package dev.guidelab.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the dashboard's browser suites ({@code src-ui/e2e}, an npm script) in Debian's
 * headless Chromium against the test's Guidelab, and checks the screenshots it takes of each page
 * ({@code target/screenshots/}).
 */
final class BrowserSuite {

  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

  private BrowserSuite() {}

  /**
   * Runs {@code npm run <script>} and fails with its output unless it passes and leaves a
   * screenshot of each of {@code pages}.
   */
  static void run(String script, URL app, Map<String, String> env, List<String> pages)
      throws Exception {
    assertTrue(
        Files.isExecutable(CHROMIUM),
        "the browser tests need Debian's Chromium at "
            + CHROMIUM
            + " (apt-get install chromium; .ci/run installs it) or CHROMIUM=<path>");
    for (String page : pages) {
      Files.deleteIfExists(screenshot(page)); // so the screenshots checked are this run's
    }
    Path log = Path.of("target", script.replace(':', '-') + ".log").toAbsolutePath();
    ProcessBuilder e2e =
        new ProcessBuilder("npm", "run", script)
            .directory(new File("src-ui"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    e2e.environment().putAll(env);
    e2e.environment().put("GUIDELAB_URL", app.toString());
    e2e.environment().put("GUIDELAB_SCREENSHOTS", SCREENSHOTS.toString());
    e2e.environment().put("CHROMIUM", CHROMIUM.toString());
    e2e.environment().put("NO_COLOR", "1");
    Process process = e2e.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("browser tests did not finish in 10 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    System.out.println(output);
    assertEquals(0, process.exitValue(), "browser tests failed:\n" + output);
    for (String page : pages) {
      assertTrue(Files.size(screenshot(page)) > 10_000, page + " screenshot");
    }
  }

  private static Path screenshot(String page) throws IOException {
    return SCREENSHOTS.resolve(page + ".png");
  }
}
