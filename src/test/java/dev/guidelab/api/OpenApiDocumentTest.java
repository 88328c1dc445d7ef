package dev.guidelab.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.guidelab.results.ProgressEvent;
import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /q/openapi} describes the API the code serves: every JAX-RS
 * resource method under {@code /api} (found by reading the classes, not the document) is an
 * operation of it, the error answers of {@link ErrorMappers} are described where they can happen,
 * the progress stream is {@code text/event-stream} with every event named, and the dashboard's copy
 * of the document, which its API types are generated from, is the document.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class OpenApiDocumentTest {

  private static final String API_ERROR = "#/components/schemas/ApiError";

  /** The dashboard's copy of the document, which its API types are generated from. */
  private static final String COPY = "src-ui/openapi.json";

  /** How to copy the document again: the build writes it to target/openapi/. */
  private static final String COPY_AGAIN =
      "./mvnw package -DskipTests && cp target/openapi/openapi.json " + COPY;

  /** A resource method: its HTTP method, its path template, and the Java method. */
  record Endpoint(String httpMethod, String path, Method method) {

    boolean takesJson() {
      Consumes consumes = method.getAnnotation(Consumes.class);
      return consumes != null
          && Arrays.asList(consumes.value()).contains(MediaType.APPLICATION_JSON);
    }

    boolean streamsEvents() {
      Produces produces = method.getAnnotation(Produces.class);
      return produces != null
          && Arrays.asList(produces.value()).contains(MediaType.SERVER_SENT_EVENTS);
    }

    @Override
    public String toString() {
      return httpMethod + " " + path + " (" + method.getDeclaringClass().getSimpleName() + ")";
    }
  }

  private static List<Endpoint> endpoints;
  private JsonNode document;

  @BeforeAll
  static void readResources() {
    endpoints = new ArrayList<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.guidelab")) {
      if (c.isAnnotatedWith(Path.class)) {
        Class<?> resource = c.reflect();
        String base = resource.getAnnotation(Path.class).value();
        for (Method method : resource.getDeclaredMethods()) {
          String httpMethod = httpMethod(method);
          if (httpMethod != null) {
            Path sub = method.getAnnotation(Path.class);
            endpoints.add(new Endpoint(httpMethod, join(base, sub), method));
          }
        }
      }
    }
  }

  private static String httpMethod(Method method) {
    for (Annotation a : method.getAnnotations()) {
      HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  private static String join(String base, Path sub) {
    String path = "/" + base.replaceAll("^/+|/+$", "");
    return sub == null ? path : path + "/" + sub.value().replaceAll("^/+|/+$", "");
  }

  private JsonNode document() throws Exception {
    if (document == null) {
      String json =
          given()
              .queryParam("format", "json")
              .get("/q/openapi")
              .then()
              .statusCode(200)
              .extract()
              .asString();
      document = new ObjectMapper().readTree(json);
    }
    return document;
  }

  private JsonNode operation(Endpoint endpoint) throws Exception {
    return document()
        .path("paths")
        .path(endpoint.path())
        .path(endpoint.httpMethod().toLowerCase(Locale.ROOT));
  }

  private static boolean answersApiError(JsonNode operation, String status) {
    return API_ERROR.equals(
        operation
            .path("responses")
            .path(status)
            .path("content")
            .path(MediaType.APPLICATION_JSON)
            .path("schema")
            .path("$ref")
            .asText());
  }

  @Test
  void everyResourceMethodUnderApiIsAnOperation() throws Exception {
    assertTrue(endpoints.size() >= 24, "only " + endpoints.size() + " resource methods found");
    List<String> missing = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      if (endpoint.path().startsWith("/api/") && operation(endpoint).isMissingNode()) {
        missing.add(endpoint.toString());
      }
    }
    assertEquals(List.of(), missing, "resource methods missing from /q/openapi");
  }

  @Test
  void everyOperationTakingABodyDescribesItsRefusals() throws Exception {
    List<String> undescribed = new ArrayList<>();
    int specs = 0;
    for (Endpoint endpoint : endpoints) {
      JsonNode operation = operation(endpoint);
      boolean body = !operation.path("requestBody").isMissingNode();
      if (endpoint.takesJson()) {
        specs++;
        if (!body) {
          undescribed.add(endpoint + ": no request body");
        }
      }
      for (String status : body ? List.of("400", "413") : List.<String>of()) {
        if (!answersApiError(operation, status)) {
          undescribed.add(endpoint + ": no " + status + " with an ApiError");
        }
      }
    }
    assertEquals(
        9,
        specs,
        "JSON bodies: POST /api/experiments, …/validate, /api/trainings, /api/session, /api/tokens,"
            + " /api/users; PUT /api/me/password; PATCH /api/users/{name}, /api/experiments/{id}");
    assertEquals(List.of(), undescribed);
  }

  @Test
  void everyOperationOnANamedThingDescribesItsNotFound() throws Exception {
    List<String> undescribed = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      if (endpoint.path().contains("{") && !answersApiError(operation(endpoint), "404")) {
        undescribed.add(endpoint.toString());
      }
    }
    assertEquals(List.of(), undescribed);
  }

  @Test
  void theErrorBodyListsTheViolationsByField() throws Exception {
    JsonNode schemas = document().path("components").path("schemas");
    JsonNode error = schemas.path("ApiError").path("properties");
    assertEquals("string", error.path("error").path("type").asText());
    assertEquals(
        "#/components/schemas/FieldError",
        error.path("violations").path("items").path("$ref").asText());
    JsonNode field = schemas.path("FieldError").path("properties");
    assertEquals("string", field.path("field").path("type").asText());
    assertEquals("string", field.path("message").path("type").asText());
  }

  @Test
  void theProgressStreamIsServerSentEventsWithEveryEventNamed() throws Exception {
    List<Endpoint> streams = endpoints.stream().filter(Endpoint::streamsEvents).toList();
    assertEquals(1, streams.size(), "SSE endpoints: " + streams);
    JsonNode ok = operation(streams.get(0)).path("responses").path("200");
    JsonNode content = ok.path("content");
    assertEquals(List.of(MediaType.SERVER_SENT_EVENTS), names(content));
    List<String> payloads = new ArrayList<>();
    content
        .path(MediaType.SERVER_SENT_EVENTS)
        .path("schema")
        .path("oneOf")
        .forEach(s -> payloads.add(s.path("$ref").asText()));
    String description = ok.path("description").asText();
    assertTrue(description.contains("`snapshot`"), description);
    assertTrue(payloads.contains("#/components/schemas/ExperimentView"), payloads.toString());
    JsonNode schemas = document().path("components").path("schemas");
    for (JsonSubTypes.Type event : ProgressEvent.class.getAnnotation(JsonSubTypes.class).value()) {
      String schema = event.value().getSimpleName();
      assertTrue(
          description.contains("`" + event.name() + "` (" + schema + ")"),
          "the stream's description names " + event.name() + ": " + description);
      assertTrue(payloads.contains("#/components/schemas/" + schema), payloads.toString());
      assertEquals(
          event.name(),
          schemas.path(schema).path("properties").path("type").path("enum").path(0).asText(),
          schema + ".type");
    }
    assertEquals(ProgressEvent.class.getPermittedSubclasses().length + 1, payloads.size());
  }

  @Test
  void theDashboardsTypesAreGeneratedFromTheDocument() throws Exception {
    JsonNode copy = new ObjectMapper().readTree(new File(COPY));
    List<String> differences = new ArrayList<>();
    differences("", document(), copy, differences);
    assertEquals(
        List.of(),
        differences,
        COPY
            + " is not /q/openapi (first differences listed); copy it again with `"
            + COPY_AGAIN
            + "`, then `cd src-ui && npm run check` says what the dashboard must change");
  }

  /** The JSON pointers at which {@code a} and {@code b} differ, at most 20. */
  private static void differences(String at, JsonNode a, JsonNode b, List<String> found) {
    if (found.size() >= 20 || a.equals(b)) {
      return;
    }
    if (!a.isObject() || !b.isObject()) {
      found.add(at + ": " + shorten(a) + " in the document, " + shorten(b) + " in the copy");
      return;
    }
    Set<String> names = new TreeSet<>(names(a));
    names.addAll(names(b));
    for (String name : names) {
      differences(at + "/" + name, a.path(name), b.path(name), found);
    }
  }

  private static String shorten(JsonNode node) {
    String text = node.isMissingNode() ? "nothing" : node.toString();
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  @Test
  void swaggerUiIsServed() {
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
