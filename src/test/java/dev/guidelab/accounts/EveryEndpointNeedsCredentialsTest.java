package dev.guidelab.accounts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every JAX-RS resource method of Guidelab, found in its classes rather than listed, answers 401
 * without credentials and with a wrong token; so an endpoint added later cannot ship open. The
 * exceptions are signing in and asking how one may.
 */
@Tag("flow")
@QuarkusTest
@TestProfile(AccountsOn.class)
@QuarkusTestResource(EmbeddedInfrastructure.class)
class EveryEndpointNeedsCredentialsTest {

  /**
   * What may be called without credentials: signing in, and asking how one may (whether single
   * sign-on is configured, no data). Single sign-on's own path is off here and needs credentials
   * like the rest; on, it sends the browser to the identity provider (SingleSignOnTest).
   */
  private static final Set<String> OPEN = Set.of("POST /api/session", "GET /api/session");

  private static final List<Class<? extends Annotation>> VERBS =
      List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class);

  private record Endpoint(String verb, String path) {
    @Override
    public String toString() {
      return verb + " " + path;
    }
  }

  @Test
  void everyApiEndpointAnswers401WithoutCredentials() throws Exception {
    List<Endpoint> endpoints = endpoints();
    assertTrue(endpoints.size() >= 35, "found only " + endpoints);
    List<String> open = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      if (OPEN.contains(endpoint.toString())) {
        continue;
      }
      for (String authorization : new String[] {null, "Bearer glt_not-a-token", "Basic YTpi"}) {
        var request = given().contentType("application/json").body("{}");
        if (authorization != null) {
          request.header("Authorization", authorization);
        }
        Response response = request.request(endpoint.verb(), concrete(endpoint.path()));
        if (response.statusCode() != 401
            || !response.asString().contains("Authorization: Bearer")) {
          open.add(endpoint + " (" + authorization + ") → " + response.statusCode());
        }
      }
    }
    assertEquals(List.of(), open, "answered without credentials");
  }

  @Test
  void healthProbesStayOpen() {
    given().get("/q/health/live").then().statusCode(200);
  }

  /** Every resource method under /api in Guidelab's classes. */
  private static List<Endpoint> endpoints() throws ClassNotFoundException {
    List<Endpoint> endpoints = new ArrayList<>();
    for (var javaClass :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.guidelab")) {
      if (!javaClass.isAnnotatedWith(Path.class)) {
        continue;
      }
      Class<?> type = Class.forName(javaClass.getName());
      String base = type.getAnnotation(Path.class).value();
      for (Method method : type.getDeclaredMethods()) {
        for (Class<? extends Annotation> verb : VERBS) {
          if (method.isAnnotationPresent(verb)) {
            Path sub = method.getAnnotation(Path.class);
            String path = sub == null ? base : base.replaceAll("/$", "") + "/" + sub.value();
            endpoints.add(new Endpoint(verb.getAnnotation(HttpMethod.class).value(), path));
          }
        }
      }
    }
    return endpoints;
  }

  /** A path template with its parameters filled in. */
  private static String concrete(String template) {
    return template
        .replaceAll("\\{(id|pointId)}", UUID.randomUUID().toString())
        .replaceAll("\\{\\w+}", "x");
  }
}
