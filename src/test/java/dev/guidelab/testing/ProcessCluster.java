package dev.guidelab.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker and PostgreSQL for a test class whose Guidelab runs as separate processes of
 * the packaged app ({@link GuidelabProcess}): register it with {@code @RegisterExtension static
 * ProcessCluster cluster = new ProcessCluster();} and start processes in any role.
 */
public final class ProcessCluster implements BeforeAllCallback, AfterAllCallback {

  private final EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure();
  private Map<String, String> addresses;

  @Override
  public void beforeAll(ExtensionContext context) {
    addresses = infrastructure.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    infrastructure.stop();
  }

  /** A connection to the ledger, for a test's own checks. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(
        addresses.get("quarkus.datasource.jdbc.url"),
        addresses.get("quarkus.datasource.username"),
        addresses.get("quarkus.datasource.password"));
  }

  /** A process in {@code role} with the fast queue timings of {@link Processes#config}. */
  public GuidelabProcess start(String name, String role) {
    return start(name, role, Map.of());
  }

  /** A process in {@code role} with the fast queue timings and {@code extra} settings. */
  public GuidelabProcess start(String name, String role, Map<String, String> extra) {
    return GuidelabProcess.start(name, addresses, Processes.config(role, extra));
  }
}
