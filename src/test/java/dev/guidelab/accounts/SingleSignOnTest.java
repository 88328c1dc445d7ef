package dev.guidelab.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Ledger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on for real, against {@link FakeIdentityProvider}: a browser (an HTTP client with a
 * cookie store, following redirects one by one) goes from {@code GET /api/session/sso} to the
 * provider and back, and leaves with an ordinary Guidelab session; the API itself stays Guidelab's.
 */
@Tag("flow")
@QuarkusTest
@TestProfile(SingleSignOnOn.class)
@QuarkusTestResource(EmbeddedInfrastructure.class)
class SingleSignOnTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI app;

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  String provider;

  @Inject DataSource db;

  /** One browser: its cookies, and the URLs it was sent through. */
  private final class Browser {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    final List<String> visited = new ArrayList<>();

    /** Follows redirects from {@code start} until the one to the dashboard, which it returns. */
    HttpResponse<String> signIn(String start) throws Exception {
      URI uri = app.resolve(start);
      for (int hop = 0; hop < 10; hop++) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET());
        visited.add(
            response.statusCode() + " " + uri.getHost() + ":" + uri.getPort() + uri.getPath());
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() / 100 != 3 || location == null || location.endsWith("/#/")) {
          return response;
        }
        uri = uri.resolve(location);
      }
      throw new AssertionError("too many redirects: " + visited);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode me() throws Exception {
      HttpResponse<String> me = send(HttpRequest.newBuilder(app.resolve("/api/me")));
      assertEquals(200, me.statusCode(), me.body());
      return JSON.readTree(me.body());
    }
  }

  private void nextUser(String name) throws Exception {
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(provider + "/next-user"))
                .POST(HttpRequest.BodyPublishers.ofString(name))
                .build(),
            HttpResponse.BodyHandlers.discarding());
  }

  @Test
  void theSignInPageLearnsThatSingleSignOnIsOn() {
    given().get("/api/session").then().statusCode(200).body("sso", is(true));
  }

  @Test
  void signingInThroughTheProviderOpensAGuidelabSessionForAMemberCreatedOnce() throws Exception {
    nextUser("Ada.Lovelace");
    Browser browser = new Browser();
    HttpResponse<String> done = browser.signIn("/api/session/sso");
    assertEquals(303, done.statusCode(), browser.visited + " " + done.body());
    assertTrue(done.headers().firstValue("Location").orElseThrow().endsWith("/#/"));
    String idp = URI.create(provider).getPort() + "/authorize";
    assertTrue(browser.visited.get(0).startsWith("302 "), browser.visited.toString());
    assertTrue(browser.visited.get(1).endsWith(idp), browser.visited.toString());
    String cookie =
        done.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(Credentials.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);

    JsonNode me = browser.me();
    assertEquals("ada.lovelace", me.get("name").asText());
    assertEquals("member", me.get("role").asText());
    assertEquals("session", me.get("via").asText());
    String csrf = me.get("csrf").asText();

    // A write needs the session's csrf token, as after signing in with a password.
    HttpRequest.Builder write =
        HttpRequest.newBuilder(app.resolve("/api/tokens"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"laptop\"}"));
    assertEquals(403, browser.send(write).statusCode());
    assertEquals(201, browser.send(write.header(CsrfCheck.HEADER, csrf)).statusCode());

    // Signing in again goes to the provider again and finds the same user.
    Browser again = new Browser();
    assertEquals(303, again.signIn("/api/session/sso").statusCode(), again.visited.toString());
    assertTrue(again.visited.get(1).endsWith(idp), again.visited.toString());
    JsonNode second = again.me();
    assertEquals("ada.lovelace", second.get("name").asText());
    assertNotEquals(csrf, second.get("csrf").asText());
    assertEquals(
        1, Ledger.count(db, "SELECT count(*) FROM app_user WHERE name = ?", "ada.lovelace"));
  }

  @Test
  void aProviderUserWithoutAValidGuidelabNameIsRefused() throws Exception {
    nextUser("Ada Lovelace");
    Browser browser = new Browser();
    HttpResponse<String> refused = browser.signIn("/api/session/sso");
    assertEquals(403, refused.statusCode(), browser.visited.toString());
    assertTrue(refused.body().contains("preferred_username"), refused.body());
    assertTrue(
        refused.headers().allValues("Set-Cookie").stream()
            .noneMatch(c -> c.startsWith(Credentials.COOKIE + "=")));

    // The provider's session went with the refusal: the next try asks the provider again.
    nextUser("grace.hopper");
    browser.visited.clear();
    assertEquals(303, browser.signIn("/api/session/sso").statusCode(), browser.visited.toString());
    assertTrue(browser.visited.get(1).endsWith("/authorize"), browser.visited.toString());
    assertEquals("grace.hopper", browser.me().get("name").asText());
  }

  @Test
  void theApiStaysGuidelabsOwnWithoutARedirectToTheProvider() {
    for (String path : new String[] {"/api/me", "/api/experiments"}) {
      given()
          .redirects()
          .follow(false)
          .get(path)
          .then()
          .statusCode(401)
          .body(containsString("Authorization: Bearer"));
    }
    given()
        .redirects()
        .follow(false)
        .delete("/api/session")
        .then()
        .statusCode(401)
        .body(containsString("Authorization: Bearer"));
    given()
        .redirects()
        .follow(false)
        .header("Authorization", "Bearer glt_not-a-token")
        .get("/api/me")
        .then()
        .statusCode(401);
  }
}
