package dev.guidelab;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * How the dashboard's files are cached. Its script and style sheet have content hashes in their
 * names and stay {@code immutable} (Quarkus's default for static files), but {@code index.html}
 * names them: cached like them, it would point a browser at the assets of the last version it saw
 * after an upgrade (a blank page until a forced reload). So {@code index.html} is served {@code
 * no-cache}: used only once the server confirms it is current. (Compression: {@code
 * quarkus.http.enable-compression}.)
 */
@Singleton
public class DashboardFiles {

  void install(@Observes Router router) {
    router
        .routeWithRegex("/(index\\.html)?")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2)
        .handler(DashboardFiles::revalidate);
  }

  private static void revalidate(RoutingContext rc) {
    // Set last, over whatever the static handler sets.
    rc.addHeadersEndHandler(
        v -> rc.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
    rc.next();
  }
}
