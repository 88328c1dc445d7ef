package dev.guidelab.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files as a browser gets them: compressed when it accepts gzip, {@code index.html}
 * revalidated on every load (so an upgrade's new asset names reach it), hashed assets cached for
 * good.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class DashboardServingTest {

  private static final Pattern SCRIPT = Pattern.compile("/assets/[\\w.-]+\\.js");

  /** Keeps the body as sent, so the test sees the encoding, not RestAssured's decoding of it. */
  private static final RestAssuredConfig RAW =
      RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

  @Test
  void indexHtmlIsRevalidatedAndHashedAssetsAreImmutableBothCompressed() {
    for (String index : new String[] {"/", "/index.html"}) {
      given()
          .config(RAW)
          .header("Accept-Encoding", "gzip")
          .get(index)
          .then()
          .statusCode(200)
          .header("Cache-Control", equalTo("no-cache"))
          .header("Content-Encoding", equalTo("gzip"));
    }
    String html = given().get("/").then().extract().asString();
    Matcher script = SCRIPT.matcher(html);
    assertTrue(script.find(), "index.html names its script:\n" + html);
    given()
        .config(RAW)
        .header("Accept-Encoding", "gzip")
        .get(script.group())
        .then()
        .statusCode(200)
        .header("Cache-Control", containsString("immutable"))
        .header("Content-Encoding", equalTo("gzip"));
    // Without Accept-Encoding: as is.
    given()
        .config(RAW)
        .get(script.group())
        .then()
        .statusCode(200)
        .header("Content-Encoding", not(equalTo("gzip")));
  }
}
