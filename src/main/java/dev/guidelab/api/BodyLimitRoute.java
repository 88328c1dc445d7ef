package dev.guidelab.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Bodies that declare a {@code Content-Length} over their limit, refused before a byte of them is
 * read (and before a client that sent {@code Expect: 100-continue} sends any): {@code 413} with an
 * {@link ApiError} that says the limit ({@link BodyTooLargeException#body}). A JSON body is a spec
 * and may have {@link RequestBodies#SPEC_LIMIT} bytes; any other body (uploads: {@code .npz}, zips,
 * {@code .pt} files) {@code quarkus.http.limits.max-body-size}, which Quarkus enforces too, with a
 * {@code 413} and an empty body, in the next route. A body without a {@code Content-Length}
 * (chunked) is cut off while it streams: a spec by {@link RequestBodies} with the same answer, an
 * upload by Quarkus.
 */
@Singleton
public class BodyLimitRoute {

  static final String PROPERTY = "quarkus.http.limits.max-body-size";

  private final ObjectMapper json;

  public BodyLimitRoute(ObjectMapper json) {
    this.json = json;
  }

  void install(@Observes Router router) {
    long max =
        ConfigProvider.getConfig()
            .getOptionalValue(PROPERTY, MemorySize.class)
            .map(MemorySize::asLongValue)
            .orElse(Long.MAX_VALUE);
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(rc -> refuseIfLarger(rc, max));
  }

  private void refuseIfLarger(RoutingContext rc, long max) {
    long declared =
        RequestBodies.declaredLength(rc.request().getHeader(HttpHeaders.CONTENT_LENGTH));
    String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
    boolean spec = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    long limit = spec ? Math.min(RequestBodies.SPEC_LIMIT, max) : max;
    if (declared <= limit) {
      rc.next();
      return;
    }
    BodyTooLargeException e =
        spec && limit == RequestBodies.SPEC_LIMIT
            ? new BodyTooLargeException(FieldError.ROOT, RequestBodies.SPEC, limit, declared)
            : new BodyTooLargeException(
                spec ? FieldError.ROOT : "file", "any request (" + PROPERTY + ")", limit, declared);
    String body;
    try {
      body = json.writeValueAsString(e.body());
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("an ApiError always serialises", impossible);
    }
    rc.response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .endHandler(done -> rc.request().connection().close())
        .end(body);
  }
}
