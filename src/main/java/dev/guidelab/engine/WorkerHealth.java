package dev.guidelab.engine;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The worker's compute loop in {@code /q/health/live}: DOWN if the loop has stopped, so an
 * orchestrator restarts the process (the loop catches everything, so this means a bug). Whether the
 * database and the broker can be reached is the readiness checks' business (the datasource's and
 * Kafka's), which go DOWN during an outage and UP again after it, without a restart.
 */
@Liveness
@ApplicationScoped
public class WorkerHealth implements HealthCheck {

  private final WorkConsumer consumer;

  public WorkerHealth(WorkConsumer consumer) {
    this.consumer = consumer;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("guidelab worker")
        .status(consumer.healthy())
        .withData("takes work", consumer.enabled())
        .withData("rejected work records", consumer.rejected())
        .build();
  }
}
