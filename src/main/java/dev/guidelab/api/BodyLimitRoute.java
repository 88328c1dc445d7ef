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
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The answer to a body over {@code quarkus.http.limits.max-body-size} (uploads: {@code .npz}, zips,
 * {@code .pt} files) that declares its {@code Content-Length}: Quarkus refuses it with a {@code
 * 413} and an empty body; this route, just before Quarkus's, answers the same status with an {@link
 * ApiError} that says the limit ({@link BodyTooLargeException#body}), before a byte of the body is
 * read. A chunked body over the limit is still cut off by Quarkus while it streams, with its empty
 * 413. Spec bodies have a lower limit of their own ({@link RequestBodies}).
 */
@Singleton
public class BodyLimitRoute {

  static final String PROPERTY = "quarkus.http.limits.max-body-size";

  private final ObjectMapper json;

  public BodyLimitRoute(ObjectMapper json) {
    this.json = json;
  }

  void install(@Observes Router router) {
    MemorySize limit =
        ConfigProvider.getConfig().getOptionalValue(PROPERTY, MemorySize.class).orElse(null);
    if (limit == null) {
      return; // no limit: nothing for Quarkus or this route to refuse
    }
    long max = limit.asLongValue();
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(rc -> refuseIfLarger(rc, max));
  }

  private void refuseIfLarger(RoutingContext rc, long max) {
    long declared =
        RequestBodies.declaredLength(rc.request().getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared <= max) {
      rc.next();
      return;
    }
    String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
    boolean spec = type != null && type.startsWith("application/json");
    BodyTooLargeException e =
        new BodyTooLargeException(
            spec ? FieldError.ROOT : "file", "any request (" + PROPERTY + ")", max, declared);
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
