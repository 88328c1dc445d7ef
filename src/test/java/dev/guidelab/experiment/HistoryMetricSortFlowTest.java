package dev.guidelab.experiment;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.guidelab.accounts.AccountsOn;
import dev.guidelab.accounts.FirstStart;
import dev.guidelab.testing.Accounts;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The history's metric column through real HTTP with accounts on, Kafka and PostgreSQL: each row's
 * best final value of {@code metric} over its completed points, {@code sort=best} ordering the rows
 * best first with those without a value last, and the 400s on an unknown metric and on a sort by it
 * without one.
 */
@Tag("flow")
@QuarkusTest
@TestProfile(AccountsOn.class)
@QuarkusTestResource(EmbeddedInfrastructure.class)
class HistoryMetricSortFlowTest {

  /** A small toy sweep at a seed of its own: its points and metrics. */
  private static final String SPEC =
      """
      {"name": "%s", "main": "toy-oracle:A", "sweep": %s,
       "samples": 200, "sampler": {"steps": 4}, "seed": %d, "metrics": ["%s"]}
      """;

  private static String completed(String token, String name, String sweep, String metric) {
    long seed = ThreadLocalRandom.current().nextLong(1L << 40);
    String id = Experiments.submit(Accounts.as(token), SPEC.formatted(name, sweep, seed, metric));
    Await.until(
        name + " completes",
        Duration.ofMinutes(2),
        () -> "COMPLETED".equals(Accounts.as(token).get("/api/experiments/" + id).path("state")));
    return id;
  }

  /**
   * The largest {@code log_likelihood} of the experiment's points, as its own page reports them.
   */
  private static double bestOfPoints(String token, String id) {
    List<Map<String, Object>> metrics =
        Accounts.as(token).get("/api/experiments/" + id).path("points.metrics");
    return metrics.stream()
        .mapToDouble(m -> ((Number) m.get("log_likelihood")).doubleValue())
        .max()
        .orElseThrow();
  }

  @Test
  void eachRowCarriesItsBestValueAndSortsByItNullsLast() throws Exception {
    String admin = Files.readString(Path.of(AccountsOn.DATA_DIR, FirstStart.TOKEN_FILE)).trim();
    String bob = Accounts.create(Accounts.as(admin), Accounts.unique("bob"), "member");
    String prefix = Accounts.unique("metric column");
    String unguided =
        completed(bob, prefix + " none", "[{\"method\": \"none\"}]", "log_likelihood");
    String guided =
        completed(
            bob,
            prefix + " cfg",
            "[{\"method\": \"cfg\", \"guide\": \"toy-oracle:AB\", \"weights\": [1, 8]}]",
            "log_likelihood");
    String without =
        completed(bob, prefix + " other", "[{\"method\": \"none\"}]", "log_likelihood_clipped");
    double unguidedBest = bestOfPoints(bob, unguided);
    double guidedBest = bestOfPoints(bob, guided);
    assertNotEquals(unguidedBest, guidedBest);

    JsonPath newest =
        Accounts.as(bob)
            .queryParam("q", prefix)
            .queryParam("metric", "log_likelihood")
            .get("/api/experiments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of(without, guided, unguided), newest.getList("items.id"));
    assertNull(newest.get("items[0].best"));
    assertEquals(guidedBest, newest.getDouble("items[1].best"), 1e-3);
    assertEquals(unguidedBest, newest.getDouble("items[2].best"), 1e-3);

    List<String> byBest = new ArrayList<>(List.of(unguided, guided));
    byBest.sort(
        Comparator.comparingDouble((String id) -> id.equals(guided) ? guidedBest : unguidedBest)
            .reversed());
    byBest.add(without);
    assertEquals(
        byBest,
        Accounts.as(bob)
            .queryParam("q", prefix)
            .queryParam("metric", "log_likelihood")
            .queryParam("sort", "best")
            .get("/api/experiments")
            .then()
            .statusCode(200)
            .extract()
            .path("items.id"));

    // No metric: no column.
    Accounts.as(bob)
        .queryParam("q", prefix)
        .get("/api/experiments")
        .then()
        .statusCode(200)
        .body("items.best", equalTo(Arrays.asList(null, null, null)));
  }

  @Test
  void anUnknownMetricAndASortByBestWithoutOneAre400s() throws Exception {
    String admin = Files.readString(Path.of(AccountsOn.DATA_DIR, FirstStart.TOKEN_FILE)).trim();
    Accounts.as(admin)
        .queryParam("metric", "nope")
        .get("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", equalTo(List.of("metric")))
        .body("violations[0].message", containsString("log_likelihood"));
    Accounts.as(admin)
        .queryParam("sort", "best")
        .get("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", equalTo(List.of("sort")))
        .body("violations[0].message", containsString("metric"));
  }
}
