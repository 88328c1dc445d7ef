package dev.guidelab;

import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The last line of a start: where to open Guidelab, in which role, against which broker and
 * database. The libraries' own start-up lines are turned down in application.properties, so this
 * line is what a first start ends with.
 */
@ApplicationScoped
public class Ready {

  private static final Logger LOG = Logger.getLogger(Ready.class);

  private final String role;
  private final String bootstrapServers;
  private final String jdbcUrl;

  public Ready(
      @ConfigProperty(name = "guidelab.role") String role,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
    this.role = role;
    this.bootstrapServers = bootstrapServers;
    this.jdbcUrl = jdbcUrl;
  }

  void announce(@ObservesAsync HttpServerStart start) {
    LOG.info(line(start.options().getHost(), start.options().getPort()));
  }

  /** The line, for an HTTP server listening on {@code host:port}. */
  String line(String host, int port) {
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return "Guidelab is ready on http://%s:%d (role %s; broker %s, ledger %s)"
        .formatted(shown, port, role.trim().toLowerCase(Locale.ROOT), bootstrapServers, jdbcUrl);
  }
}
