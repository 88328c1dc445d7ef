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
 * The history's metric columns through real HTTP with accounts on, Kafka and PostgreSQL: each row's
 * best final value of {@code metric} over its completed points and, with {@code weight}, over those
 * at that guidance weight; {@code sort=best} and {@code sort=at_weight} ordering the rows best
 * first with those without a value last; and the 400s on an unknown metric, a weight that is none
 * or has no metric, and on a sort by either without what it needs.
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

  /** The {@code log_likelihood} of the experiment's point at guidance weight {@code w}. */
  private static double atWeight(String token, String id, double w) {
    List<Map<String, Object>> points =
        Accounts.as(token).get("/api/experiments/" + id).path("points");
    return points.stream()
        .filter(
            p ->
                ((Map<?, ?>) p.get("params")).get("weight") instanceof Number n
                    && n.doubleValue() == w)
        .mapToDouble(
            p -> ((Number) ((Map<?, ?>) p.get("metrics")).get("log_likelihood")).doubleValue())
        .findFirst()
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

    // At w = 8: only the CFG sweep has a point there; the others have no value and come last.
    JsonPath atEight =
        Accounts.as(bob)
            .queryParam("q", prefix)
            .queryParam("metric", "log_likelihood")
            .queryParam("weight", "8")
            .queryParam("sort", "at_weight")
            .get("/api/experiments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of(guided, without, unguided), atEight.getList("items.id"));
    double atEightValue = atWeight(bob, guided, 8); // JsonPath reads floats: 7 digits
    assertEquals(
        atEightValue, atEight.getDouble("items[0].atWeight"), 1e-6 * Math.abs(atEightValue));
    assertEquals(guidedBest, atEight.getDouble("items[0].best"), 1e-3);
    assertNull(atEight.get("items[1].atWeight"));
    assertNull(atEight.get("items[2].atWeight"));
    assertEquals(unguidedBest, atEight.getDouble("items[2].best"), 1e-3);

    // No metric: no column.
    Accounts.as(bob)
        .queryParam("q", prefix)
        .get("/api/experiments")
        .then()
        .statusCode(200)
        .body("items.best", equalTo(Arrays.asList(null, null, null)));
  }

  @Test
  void anUnknownMetricABadWeightAndASortWithoutWhatItNeedsAre400s() throws Exception {
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
    for (String weight : List.of("two", "-1", "NaN")) {
      Accounts.as(admin)
          .queryParam("metric", "fd")
          .queryParam("weight", weight)
          .get("/api/experiments")
          .then()
          .statusCode(400)
          .body("violations.field", equalTo(List.of("weight")));
    }
    Accounts.as(admin)
        .queryParam("weight", "2")
        .get("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", equalTo(List.of("weight")))
        .body("violations[0].message", containsString("metric"));
    Accounts.as(admin)
        .queryParam("metric", "fd")
        .queryParam("sort", "at_weight")
        .get("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", equalTo(List.of("sort")))
        .body("violations[0].message", containsString("weight"));
  }
}
