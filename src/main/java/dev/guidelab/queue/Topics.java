package dev.guidelab.queue;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the work and progress topics at startup, before the messaging channels connect, with the
 * configured partition counts (auto-creation would give the broker's default), and makes the work
 * share group start from the earliest record, so work published before the first worker ever joined
 * is not skipped (a share group starts at the latest record by default). Existing topics are left
 * as they are.
 */
@ApplicationScoped
public class Topics {

  private static final Logger LOG = Logger.getLogger(Topics.class);

  private final QueueConfig config;
  private final String bootstrapServers;

  public Topics(
      QueueConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.config = config;
    this.bootstrapServers = bootstrapServers;
  }

  // Runs before SmallRye Reactive Messaging starts its channels (which observe StartupEvent later).
  void createTopics(@Observes @Priority(10) StartupEvent startup) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          List.of(
                  new NewTopic(
                      config.workTopic(), config.workPartitions(), config.replicationFactor()),
                  new NewTopic(
                      config.progressTopic(),
                      config.progressPartitions(),
                      config.replicationFactor()))
              .stream()
              .filter(topic -> !existing.contains(topic.name()))
              .toList();
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
          LOG.infof("Created Kafka topics %s", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
          // Another instance starting at the same time created them first.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.GROUP, config.workGroup()),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("share.auto.offset.reset", "earliest"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create Kafka topics at " + bootstrapServers + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics", e);
    }
  }
}
