package dev.guidelab.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Python client's own suite ({@code clients/python/tests}), run by the machine's {@code
 * python3} against this Guidelab: submit, follow, results, rerun, cancel, errors and the command
 * line, as a user of the client meets them. Every test of the suite must run and pass; none may be
 * skipped (they skip only without {@code GUIDELAB_URL}).
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class PythonClientFlowTest {

  private static final Path CLIENT = Path.of("clients", "python");
  private static final Pattern RAN = Pattern.compile("Ran (\\d+) tests? in");

  @TestHTTPResource("/")
  URL guidelab;

  @Test
  void theClientsSuitePassesAgainstARunningGuidelab() throws Exception {
    Path log = Files.createTempFile("python-client", ".log");
    ProcessBuilder python =
        new ProcessBuilder("python3", "-m", "unittest", "discover", "-v", "-s", "tests", "-t", ".")
            .directory(CLIENT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    python.environment().put("GUIDELAB_URL", guidelab.toString().replaceAll("/$", ""));
    python.environment().put("PYTHONPATH", ".");
    python.environment().remove("GUIDELAB_TOKEN");
    Process run = python.start();
    boolean ended = run.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "the suite did not end within 5 minutes:\n" + output);
    assertEquals(0, run.exitValue(), output);
    Matcher ran = RAN.matcher(output);
    assertTrue(ran.find(), output);
    assertEquals(testsInSuite(), Integer.parseInt(ran.group(1)), "every test ran:\n" + output);
    assertFalse(output.contains("skipped"), "none skipped:\n" + output);
  }

  /** The suite's test methods, counted in its sources. */
  private static int testsInSuite() throws IOException {
    int count = 0;
    try (Stream<Path> files = Files.list(CLIENT.resolve("tests"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".py")).toList()) {
        count +=
            (int)
                Files.readString(file)
                    .lines()
                    .filter(l -> l.strip().startsWith("def test_"))
                    .count();
      }
    }
    return count;
  }
}
