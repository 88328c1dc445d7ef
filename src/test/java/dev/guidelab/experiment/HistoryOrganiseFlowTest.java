package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.accounts.AccountsOn;
import dev.guidelab.accounts.FirstStart;
import dev.guidelab.testing.Accounts;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.Ledger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How a team organises its history, through real HTTP with accounts on, Kafka and PostgreSQL: tags,
 * a note, a new name and a star set by {@code PATCH} and found again by the history's filters,
 * archiving that hides and restoring that shows, the 400s that name each bad field, the 403 for
 * someone else's experiment, the 409 for deleting one still running, and a deletion recorded with
 * who made it.
 */
@Tag("flow")
@QuarkusTest
@TestProfile(AccountsOn.class)
@QuarkusTestResource(EmbeddedInfrastructure.class)
class HistoryOrganiseFlowTest {

  /**
   * A one-point sweep at a seed of its own, so that it is computed rather than reused, and whose
   * points a run again reuses (an oracle's are not by default).
   */
  private static final String SPEC =
      """
      {"name": "%s", "main": "toy-oracle:A", "sweep": [{"method": "none"}],
       "samples": %d, "sampler": {"steps": 4}, "seed": %d, "reuse": true}
      """;

  @Inject DataSource db;

  private String admin;

  @BeforeEach
  void adminTokenFromTheFirstStart() throws Exception {
    admin = Files.readString(Path.of(AccountsOn.DATA_DIR, FirstStart.TOKEN_FILE)).trim();
  }

  private static ValidatableResponse patch(String token, String id, String body) {
    return Accounts.as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .patch("/api/experiments/" + id)
        .then();
  }

  private static String completed(String token, String name) {
    String id = Experiments.submit(Accounts.as(token), SPEC.formatted(name, 10, seed()));
    Await.until(
        name + " completes",
        Duration.ofMinutes(2),
        () -> {
          String state = Accounts.as(token).get("/api/experiments/" + id).path("state");
          return "COMPLETED".equals(state);
        });
    return id;
  }

  private static long seed() {
    return ThreadLocalRandom.current().nextLong(1L << 40);
  }

  /** The ids the history lists for {@code request} with query parameters already set. */
  private static List<String> listed(RequestSpecification request) {
    return request
        .queryParam("size", 200)
        .get("/api/experiments")
        .then()
        .statusCode(200)
        .extract()
        .path("items.id");
  }

  @Test
  void tagsNoteRenameAndStarRoundTripAndFilterTheHistory() {
    String alice = Accounts.create(Accounts.as(admin), Accounts.unique("alice"), "member");
    String tag = Accounts.unique("ablation");
    String renamed = Accounts.unique("cfg ablation");
    String id = completed(alice, "organise me");
    String hash = Accounts.as(alice).get("/api/experiments/" + id).path("specHash");

    patch(
            alice,
            id,
            "{\"name\": \"  "
                + renamed
                + "  \", \"tags\": [\""
                + tag
                + "\", \"paper:fig3\", \""
                + tag
                + "\"], \"note\": \"w=2 looks best\", \"starred\": true}")
        .statusCode(200)
        .body("id", equalTo(id))
        .body("name", equalTo(renamed))
        .body("specHash", equalTo(hash))
        .body("tags", equalTo(List.of(tag, "paper:fig3")))
        .body("note", equalTo("w=2 looks best"))
        .body("starred", equalTo(true))
        .body("archivedAt", nullValue());
    Accounts.as(alice)
        .get("/api/experiments/" + id)
        .then()
        .body("name", equalTo(renamed))
        .body("tags", equalTo(List.of(tag, "paper:fig3")))
        .body("note", equalTo("w=2 looks best"))
        .body("starred", equalTo(true));

    // Filters: every tag given, the star.
    assertEquals(List.of(id), listed(Accounts.as(alice).queryParam("tag", tag)));
    assertEquals(
        List.of(id),
        listed(Accounts.as(alice).queryParam("tag", tag).queryParam("tag", "paper:fig3")));
    assertEquals(
        List.of(), listed(Accounts.as(alice).queryParam("tag", tag).queryParam("tag", "other")));
    assertEquals(
        List.of(id), listed(Accounts.as(alice).queryParam("tag", tag).queryParam("starred", true)));
    assertEquals(
        List.of(),
        listed(Accounts.as(alice).queryParam("tag", tag).queryParam("starred", "false")));

    // Archived: hidden by default, shown with archived=true or all, restorable.
    patch(alice, id, "{\"archived\": true, \"note\": null}")
        .statusCode(200)
        .body("archivedAt", notNullValue())
        .body("note", nullValue());
    assertEquals(List.of(), listed(Accounts.as(alice).queryParam("tag", tag)));
    assertEquals(
        List.of(id),
        listed(Accounts.as(alice).queryParam("tag", tag).queryParam("archived", true)));
    assertEquals(
        List.of(id),
        listed(Accounts.as(alice).queryParam("tag", tag).queryParam("archived", "all")));
    assertEquals(
        List.of(),
        listed(Accounts.as(alice).queryParam("q", renamed).queryParam("archived", "false")));
    patch(alice, id, "{\"archived\": false}").statusCode(200).body("archivedAt", nullValue());
    assertEquals(List.of(id), listed(Accounts.as(alice).queryParam("tag", tag)));

    // Each change is recorded once, with who made it; an unchanged value records nothing.
    patch(alice, id, "{\"starred\": true}").statusCode(200);
    assertEquals(
        "renamed,tagged,noted,starred,noted,archived,restored",
        Ledger.text(
            db,
            "SELECT string_agg(action, ',' ORDER BY id) FROM experiment_edit"
                + " WHERE experiment_id = ?::uuid",
            id));
    assertEquals(
        1,
        Ledger.count(
            db,
            "SELECT count(DISTINCT actor) FROM experiment_edit WHERE experiment_id = ?::uuid",
            id));
    Accounts.as(alice)
        .queryParam("tag", "no spaces allowed")
        .queryParam("archived", "maybe")
        .queryParam("starred", "yes")
        .queryParam("sort", "best")
        .get("/api/experiments")
        .then()
        .statusCode(400)
        .body("violations.field", equalTo(List.of("tag", "starred", "archived", "sort")));

    // Sorted: newest (the default) or oldest first, by name, starred first.
    String later = completed(alice, "a later one");
    patch(alice, later, "{\"tags\": [\"" + tag + "\"]}").statusCode(200);
    assertEquals(List.of(later, id), listed(Accounts.as(alice).queryParam("tag", tag)));
    assertEquals(
        List.of(id, later),
        listed(Accounts.as(alice).queryParam("tag", tag).queryParam("sort", "oldest")));
    assertEquals(
        List.of(later, id),
        listed(Accounts.as(alice).queryParam("tag", tag).queryParam("sort", "name")));
    assertEquals(
        List.of(id, later),
        listed(Accounts.as(alice).queryParam("tag", tag).queryParam("sort", "starred")));
  }

  @Test
  void badFieldsAreNamedAndOnlyTheOwnerOrAnAdminChanges() {
    String alice = Accounts.create(Accounts.as(admin), Accounts.unique("alice"), "member");
    String bob = Accounts.create(Accounts.as(admin), Accounts.unique("bob"), "member");
    String vic = Accounts.create(Accounts.as(admin), Accounts.unique("vic"), "viewer");
    String id = completed(alice, "alice's");

    patch(alice, id, "{\"tags\": [\"ok\", \"has space\", \"" + "x".repeat(41) + "\", 7]}")
        .statusCode(400)
        .body("violations.field", equalTo(List.of("tags[1]", "tags[2]", "tags[3]")));
    patch(alice, id, "{\"tags\": [" + "\"t\", ".repeat(20) + "\"t\"]}")
        .statusCode(400)
        .body("violations[0].field", equalTo("tags"))
        .body("violations[0].message", containsString("at most 20 tags, got 21"));
    patch(alice, id, "{\"note\": \"" + "n".repeat(10_001) + "\", \"owner\": \"bob\"}")
        .statusCode(400)
        .body("violations.field", equalTo(List.of("owner", "note")))
        .body("violations[0].message", containsString("unknown field"));
    patch(alice, id, "{\"name\": \"   \"}")
        .statusCode(400)
        .body("violations[0].field", equalTo("name"));
    patch(alice, id, "{}").statusCode(400).body("violations[0].field", equalTo("$"));
    patch(alice, id, "{\"note\": \"" + "n".repeat(200_000) + "\"}")
        .statusCode(413)
        .body("violations[0].field", equalTo("$"));
    patch(alice, id, "{\"note\": \"" + "n".repeat(10_000) + "\"}").statusCode(200);

    patch(bob, id, "{\"tags\": [\"mine\"]}")
        .statusCode(403)
        .body("error", containsString("only its owner"));
    patch(vic, id, "{\"starred\": true}").statusCode(403);
    Accounts.as(bob).delete("/api/experiments/" + id).then().statusCode(403);
    patch(admin, id, "{\"tags\": [\"by-admin\"]}")
        .statusCode(200)
        .body("tags", equalTo(List.of("by-admin")));
    Accounts.as(vic)
        .get("/api/experiments/" + id)
        .then()
        .statusCode(200)
        .body("tags", equalTo(List.of("by-admin")));
    patch(alice, "00000000-0000-0000-0000-000000000000", "{\"starred\": true}").statusCode(404);
    given()
        .contentType(ContentType.JSON)
        .body("{\"starred\": true}")
        .patch("/api/experiments/" + id)
        .then()
        .statusCode(401);
  }

  @Test
  void aRunningExperimentIsCancelledBeforeItIsDeletedAndADeletionIsRecorded() {
    String alice = Accounts.create(Accounts.as(admin), Accounts.unique("alice"), "member");
    String running =
        Experiments.submit(Accounts.as(alice), SPEC.formatted("long", 1_000_000, seed()));
    Accounts.as(alice)
        .delete("/api/experiments/" + running)
        .then()
        .statusCode(409)
        .body("error", containsString("cancel it first"));
    Accounts.as(alice).post("/api/experiments/" + running + "/cancel").then().statusCode(200);

    String name = Accounts.unique("to delete");
    String done = completed(alice, name);
    String again =
        Accounts.as(alice)
            .post("/api/experiments/" + done + "/rerun")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Accounts.as(alice)
        .get("/api/experiments/" + again)
        .then()
        .body("points[0].reusedFrom.experimentId", equalTo(done));
    Accounts.as(alice).delete("/api/experiments/" + done).then().statusCode(204);
    Accounts.as(alice).get("/api/experiments/" + done).then().statusCode(404);
    Accounts.as(alice).delete("/api/experiments/" + done).then().statusCode(404);
    assertEquals(List.of(again), listed(Accounts.as(alice).queryParam("q", name)));
    // The run again reused its points; it keeps its results and loses only the link.
    Accounts.as(alice)
        .get("/api/experiments/" + again)
        .then()
        .statusCode(200)
        .body("state", equalTo("COMPLETED"))
        .body("points[0].reusedFrom", nullValue())
        .body("points[0].metrics", not(equalTo(Map.of())));
    String actor = Accounts.as(alice).get("/api/me").path("name");
    assertEquals(
        actor,
        Ledger.text(
            db,
            "SELECT actor FROM experiment_edit WHERE experiment_id = ?::uuid AND action = 'deleted'",
            done));
    assertEquals(
        name,
        Ledger.text(
            db,
            "SELECT value ->> 'name' FROM experiment_edit WHERE experiment_id = ?::uuid",
            done));
    assertEquals(
        0, Ledger.count(db, "SELECT count(*) FROM point WHERE experiment_id = ?::uuid", done));
    Accounts.as(admin).get("/api/experiments").then().body("items.id", not(hasItem(done)));
  }
}
