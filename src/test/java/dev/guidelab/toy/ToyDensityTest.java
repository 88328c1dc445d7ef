package dev.guidelab.toy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The density grid drawn under a point's samples. */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ToyDensityTest {

  @Test
  void eachCellHoldsTheExactLogDensityAtItsCentre() {
    ToyDensity grid = ToyDensity.of(ToyClass.A, 64);
    GaussianMixture a = ToyGroundTruth.get().mixture(ToyClass.A);
    double h = (grid.max() - grid.min()) / grid.size();
    for (int[] cell : new int[][] {{0, 0}, {10, 40}, {40, 10}, {63, 63}, {32, 33}}) {
      int i = cell[0];
      int j = cell[1];
      double x = grid.min() + (i + 0.5) * h;
      double y = grid.min() + (j + 0.5) * h;
      assertEquals(a.logDensity(x, y, 0), grid.logDensity()[j * 64 + i], 0);
    }
  }

  @Test
  void theSquareHoldsEveryComponentOfTheClass() {
    for (ToyClass c : ToyClass.values()) {
      ToyDensity grid = ToyDensity.of(c, 8);
      GaussianMixture mixture = ToyGroundTruth.get().mixture(c);
      for (int k = 0; k < mixture.size(); k++) {
        MixtureComponent component = mixture.component(k);
        assertTrue(grid.min() < component.mu0() && component.mu0() < grid.max(), c + " " + k);
        assertTrue(grid.min() < component.mu1() && component.mu1() < grid.max(), c + " " + k);
      }
    }
  }

  @Test
  void theApiServesGridsAndNamesBadParameters() {
    given()
        .queryParam("class", "B")
        .queryParam("size", 16)
        .get("/api/toy/density")
        .then()
        .statusCode(200)
        .body("toyClass", equalTo("B"))
        .body("logDensity.size()", equalTo(256));
    given()
        .queryParam("class", "C")
        .queryParam("size", 100000)
        .get("/api/toy/density")
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("class"))
        .body("violations.field", hasItem("size"));
  }
}
