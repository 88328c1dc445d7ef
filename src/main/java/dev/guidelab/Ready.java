package dev.guidelab;

import dev.guidelab.accounts.FirstStart;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The last line of a start: where to open Guidelab, in which role, against which broker and
 * database. The libraries' own start-up lines are turned down in application.properties, so this
 * line is what a first start ends with. On the very first start of an api it also says how to sign
 * in ({@link FirstStart}).
 */
@ApplicationScoped
public class Ready {

  private static final Logger LOG = Logger.getLogger(Ready.class);

  private final String role;
  private final String bootstrapServers;
  private final String jdbcUrl;
  private final FirstStart accounts;

  public Ready(
      FirstStart accounts,
      @ConfigProperty(name = "guidelab.role") String role,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
    this.role = role;
    this.bootstrapServers = bootstrapServers;
    this.jdbcUrl = jdbcUrl;
    this.accounts = accounts;
  }

  void announce(@ObservesAsync HttpServerStart start) {
    String line = line(start.options().getHost(), start.options().getPort());
    line +=
        accounts
            .firstStartNote(base(start.options().getHost(), start.options().getPort()))
            .map(note -> "\n  " + note)
            .orElse("");
    LOG.info(line);
  }

  /** The line, for an HTTP server listening on {@code host:port}. */
  String line(String host, int port) {
    return "Guidelab is ready on %s (role %s; broker %s, ledger %s)"
        .formatted(
            base(host, port), role.trim().toLowerCase(Locale.ROOT), bootstrapServers, jdbcUrl);
  }

  /** Where a browser on this machine reaches an HTTP server listening on {@code host:port}. */
  static String base(String host, int port) {
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return "http://%s:%d".formatted(shown, port);
  }
}
