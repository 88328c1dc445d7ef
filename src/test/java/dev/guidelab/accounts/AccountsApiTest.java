package dev.guidelab.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.testing.Accounts;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Ledger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Accounts through real HTTP, with accounts on (the default of a deployment): tokens, sessions and
 * their csrf token, roles, ownership, sign-in limits and quotas. Every endpoint's answer without
 * credentials is {@link EveryEndpointNeedsCredentialsTest}'s.
 */
@Tag("flow")
@QuarkusTest
@TestProfile(AccountsOn.class)
@QuarkusTestResource(EmbeddedInfrastructure.class)
class AccountsApiTest {

  private static final String SPEC =
      """
      {"name": "%s", "main": "toy-oracle:A", "sweep": [{"method": "none"}],
       "samples": %d, "sampler": {"steps": 4}}
      """;

  @Inject DataSource db;

  private String adminToken;

  @BeforeEach
  void adminTokenFromTheFirstStart() throws Exception {
    adminToken = Files.readString(Path.of(AccountsOn.DATA_DIR, FirstStart.TOKEN_FILE)).trim();
  }

  private RequestSpecification admin() {
    return Accounts.as(adminToken);
  }

  @Test
  void theFirstStartWroteAnAdminTokenOnlyItsOwnerCanRead() throws Exception {
    Path file = Path.of(AccountsOn.DATA_DIR, FirstStart.TOKEN_FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    admin()
        .get("/api/me")
        .then()
        .statusCode(200)
        .body("name", equalTo("admin"))
        .body("role", equalTo("admin"))
        .body("via", equalTo("token"))
        .body("csrf", nullValue());
    // What is stored is its SHA-256, not the token.
    assertEquals(
        1,
        Ledger.count(
            db,
            "SELECT count(*) FROM api_token WHERE hash = sha256(convert_to(?, 'UTF8'))",
            adminToken));
  }

  @Test
  void withoutAnIdentityProviderSingleSignOnIsOffAndItsPathIsNotFound() {
    given().get("/api/session").then().statusCode(200).body("sso", equalTo(false));
    given().redirects().follow(false).get("/api/session/sso").then().statusCode(401);
    admin()
        .redirects()
        .follow(false)
        .get("/api/session/sso")
        .then()
        .statusCode(404)
        .body("error", equalTo("single sign-on is not configured (docs/accounts.md)"));
  }

  @Test
  void aWrongPasswordAndAnUnknownNameAreAnsweredAlikeAndRepeatedFailuresAreThrottled()
      throws Exception {
    Thread.sleep(3_100); // other tests' failed sign-ins from this address leave the window
    String name = Accounts.unique("ada");
    admin()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"" + name + "\", \"role\": \"member\", \"password\": \"correct horse 1\"}")
        .post("/api/users")
        .then()
        .statusCode(201);
    Response wrong = signIn(name, "wrong horse 1");
    Response unknown = signIn(Accounts.unique("nobody"), "wrong horse 1");
    assertEquals(401, wrong.statusCode());
    assertEquals(wrong.asString(), unknown.asString());
    assertEquals("wrong name or password", wrong.path("error"));
    signIn(name, "wrong horse 2").then().statusCode(401); // the third failure from this address
    Response throttled = signIn(name, "correct horse 1");
    assertEquals(429, throttled.statusCode(), throttled.asString());
    long retryAfter = Long.parseLong(throttled.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 3, "Retry-After " + retryAfter);
    Thread.sleep(3_100);
    signIn(name, "correct horse 1").then().statusCode(200).body("name", equalTo(name));
  }

  @Test
  void aSessionCookieIsHttpOnlyStrictAndItsWritesNeedTheCsrfToken() {
    String name = Accounts.unique("grace");
    admin()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"" + name + "\", \"role\": \"member\", \"password\": \"correct horse 2\"}")
        .post("/api/users")
        .then()
        .statusCode(201);
    Response signedIn = signIn(name, "correct horse 2");
    signedIn.then().statusCode(200).body("via", equalTo("session"));
    String setCookie = signedIn.header("Set-Cookie");
    assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
    String session = signedIn.cookie(Credentials.COOKIE);
    String csrf = signedIn.path("csrf");
    given()
        .cookie(Credentials.COOKIE, session)
        .get("/api/me")
        .then()
        .statusCode(200)
        .body("name", equalTo(name))
        .body("csrf", equalTo(csrf));
    String spec = SPEC.formatted("by session", 10);
    given()
        .cookie(Credentials.COOKIE, session)
        .contentType(ContentType.JSON)
        .body(spec)
        .post("/api/experiments")
        .then()
        .statusCode(403)
        .body("error", org.hamcrest.Matchers.containsString(CsrfCheck.HEADER));
    given()
        .cookie(Credentials.COOKIE, session)
        .header(CsrfCheck.HEADER, csrf)
        .contentType(ContentType.JSON)
        .body(spec)
        .post("/api/experiments")
        .then()
        .statusCode(201)
        .body("owner", equalTo(name));
    given()
        .cookie(Credentials.COOKIE, session)
        .header(CsrfCheck.HEADER, csrf)
        .delete("/api/session")
        .then()
        .statusCode(204);
    given().cookie(Credentials.COOKIE, session).get("/api/me").then().statusCode(401);
  }

  @Test
  void aTokenIsShownOnceStoredAsAHashRecordsItsLastUseAndStopsWhenRevoked() {
    String member = Accounts.create(admin(), Accounts.unique("tok"), "member");
    Response created =
        Accounts.as(member)
            .contentType(ContentType.JSON)
            .body("{\"name\": \"laptop\"}")
            .post("/api/tokens");
    created.then().statusCode(201).body("token", notNullValue());
    String token = created.path("token");
    String id = created.path("id");
    Accounts.as(token).get("/api/me").then().statusCode(200);
    Accounts.as(member)
        .get("/api/tokens")
        .then()
        .statusCode(200)
        .body("find { it.id == '" + id + "' }.lastUsedAt", notNullValue())
        .body("find { it.id == '" + id + "' }.token", nullValue());
    String other = Accounts.create(admin(), Accounts.unique("other"), "member");
    Accounts.as(other).delete("/api/tokens/" + id).then().statusCode(403);
    Accounts.as(member).delete("/api/tokens/" + id).then().statusCode(204);
    Accounts.as(token).get("/api/me").then().statusCode(401);
    Accounts.as(member).get("/api/tokens").then().body("id", not(hasItem(id)));
  }

  @Test
  void theTeamReadsEverythingButOnlyTheOwnerOrAnAdminCancelsAndViewersOnlyRead() {
    String alice = Accounts.create(admin(), Accounts.unique("alice"), "member");
    String bob = Accounts.create(admin(), Accounts.unique("bob"), "member");
    String vic = Accounts.create(admin(), Accounts.unique("vic"), "viewer");
    String mine = Experiments.submit(Accounts.as(alice), SPEC.formatted("alice's", 1_000_000));
    Accounts.as(bob)
        .post("/api/experiments/" + mine + "/cancel")
        .then()
        .statusCode(403)
        .body("error", org.hamcrest.Matchers.containsString("only its owner"));
    admin().post("/api/experiments/" + mine + "/cancel").then().statusCode(200);
    assertEquals(
        "admin",
        Ledger.text(
            db,
            "SELECT DISTINCT actor FROM state_change WHERE experiment_id = ?::uuid"
                + " AND to_state = 'CANCELLED' AND point_id IS NOT NULL",
            mine),
        "the cancel is recorded with who did it");
    Accounts.as(vic).get("/api/experiments/" + mine).then().statusCode(200);
    Accounts.as(vic)
        .contentType(ContentType.JSON)
        .body(SPEC.formatted("viewer's", 10))
        .post("/api/experiments")
        .then()
        .statusCode(403);
    Accounts.as(vic).get("/api/users").then().statusCode(403);
    Accounts.as(bob).get("/api/users").then().statusCode(403);
    // A member runs anyone's sweep again as their own.
    String again =
        Accounts.as(bob)
            .post("/api/experiments/" + mine + "/rerun")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Accounts.as(bob).get("/api/experiments/" + again).then().body("owner", equalTo(name(bob)));
    Accounts.as(bob).post("/api/experiments/" + again + "/cancel").then().statusCode(200);
  }

  @Test
  void aSignInLinkWorksOnceAndADisabledUserIsLockedOut() {
    String name = Accounts.unique("link");
    Response created =
        admin()
            .contentType(ContentType.JSON)
            .body("{\"name\": \"" + name + "\", \"role\": \"member\"}")
            .post("/api/users");
    String link = created.path("signInLink");
    String code = link.substring(link.indexOf("code=") + "code=".length());
    String token = created.path("token");
    signInWith("{\"code\": \"" + code + "\"}")
        .then()
        .statusCode(200)
        .body("hasPassword", equalTo(false));
    signInWith("{\"code\": \"" + code + "\"}").then().statusCode(401);
    admin()
        .contentType(ContentType.JSON)
        .body("{\"disabled\": true}")
        .patch("/api/users/" + name)
        .then()
        .statusCode(200)
        .body("disabled", equalTo(true));
    Accounts.as(token).get("/api/me").then().statusCode(401);
    admin()
        .contentType(ContentType.JSON)
        .body("{\"role\": \"viewer\"}")
        .patch("/api/users/admin")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("role"));
  }

  @Test
  void aSubmissionPastTheQuotaIsAnswered429WithTheLimitAndWhatIsInFlight() {
    String member = Accounts.create(admin(), Accounts.unique("quota"), "member");
    // 10 points of 1,000 samples at 4 Heun steps: 70,000 evaluations, under 10⁸.
    String sweep =
        """
        {"name": "ten", "main": "toy-oracle:A", "sweep": [{"method": "none"},
         {"method": "cfg", "guide": "toy-oracle:AB", "weights": [1, 2, 3, 4, 5, 6, 7, 8, 9]}],
         "samples": 200000, "sampler": {"steps": 4}}
        """;
    String ten = Experiments.submit(Accounts.as(member), sweep);
    Accounts.as(member)
        .contentType(ContentType.JSON)
        .body(sweep)
        .post("/api/experiments")
        .then()
        .statusCode(429)
        .body("quota", equalTo("points"))
        .body("limit", equalTo(12))
        .body("requested", equalTo(10));
    Accounts.as(member)
        .contentType(ContentType.JSON)
        .body(SPEC.formatted("huge", 1_000_000).replace("\"steps\": 4", "\"steps\": 64"))
        .post("/api/experiments")
        .then()
        .statusCode(429)
        .body("quota", equalTo("evaluations"))
        .body("limit", equalTo(100_000_000))
        .body("requested", equalTo(127_000_000));
    Accounts.as(member).post("/api/experiments/" + ten + "/cancel").then().statusCode(200);
    Experiments.submit(Accounts.as(member), SPEC.formatted("fits again", 10));
  }

  @Test
  void aSpecNamesNoOwner() {
    admin()
        .contentType(ContentType.JSON)
        .body(SPEC.formatted("x", 10).replace("\"name\"", "\"owner\": \"bob\", \"name\""))
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("owner"));
  }

  private String name(String token) {
    return Accounts.as(token).get("/api/me").then().extract().path("name");
  }

  private static Response signIn(String name, String password) {
    return signInWith("{\"name\": \"" + name + "\", \"password\": \"" + password + "\"}");
  }

  private static Response signInWith(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/api/session");
  }
}
