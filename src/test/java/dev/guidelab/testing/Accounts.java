package dev.guidelab.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicLong;

/** Users of the test's Guidelab, created through the API as its admin would. */
public final class Accounts {

  private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000);

  private Accounts() {}

  /** A name no other test of this run uses: {@code stem-<n>}. */
  public static String unique(String stem) {
    return stem + "-" + NEXT.incrementAndGet();
  }

  /**
   * Creates user {@code name} with {@code role} ({@code POST /api/users}, as {@code admin}, a
   * request spec that carries the admin's credentials) and returns their first API token.
   */
  public static String create(RequestSpecification admin, String name, String role) {
    return admin
        .contentType(ContentType.JSON)
        .body("{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}")
        .post("/api/users")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  /** As {@link #create(RequestSpecification, String, String)} on a Guidelab with accounts off. */
  public static String create(String name, String role) {
    return create(given(), name, role);
  }

  /** A request that sends {@code token}. */
  public static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }
}
