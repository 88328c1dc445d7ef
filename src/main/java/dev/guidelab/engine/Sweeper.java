package dev.guidelab.engine;

import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.queue.QueueConfig;
import dev.guidelab.queue.WorkPublisher;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Recovers lost work (ARCHITECTURE.md "Heartbeats and a sweeper"): running points whose heartbeat
 * is stale are released ({@link PointReleaser}), uploads no computation needs are deleted, and
 * queued points whose message may never have been delivered are published again. Runs in api
 * instances; conditional updates make concurrent sweepers harmless.
 */
@ApplicationScoped
public class Sweeper {

  private static final Logger LOG = Logger.getLogger(Sweeper.class);

  /** How long an upload may wait for the experiment that needs it to be stored. */
  static final Duration UPLOAD_GRACE = Duration.ofHours(1);

  private final PointLedger points;
  private final ExperimentLedger experiments;
  private final PointReleaser releaser;
  private final WorkPublisher work;
  private final QueueConfig config;
  private final boolean enabled;

  public Sweeper(
      PointLedger points,
      ExperimentLedger experiments,
      PointReleaser releaser,
      WorkPublisher work,
      QueueConfig config,
      @ConfigProperty(name = "guidelab.sweeper.enabled", defaultValue = "true") boolean enabled) {
    this.points = points;
    this.experiments = experiments;
    this.releaser = releaser;
    this.work = work;
    this.config = config;
    this.enabled = enabled;
  }

  @Scheduled(
      every = "${guidelab.queue.sweep-interval}",
      delayed = "${guidelab.queue.sweep-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    if (enabled) {
      requeueStale();
      deleteUnneededUploads();
      republishUndelivered();
    }
  }

  /** Takes back running points whose worker stopped heartbeating. */
  public void requeueStale() {
    for (PointLedger.Stale stale : points.stale(config.staleAfter())) {
      releaser.release(
          stale.experimentId(),
          stale.pointId(),
          stale.version(),
          "heartbeat lost (worker " + stale.worker() + ")");
    }
  }

  /** Publishes again points that have waited in the queue longer than the redelivery period. */
  public void republishUndelivered() {
    for (PointLedger.Queued queued : points.undelivered(config.redeliverAfter())) {
      LOG.infof("Publishing queued point %s again", queued.pointId());
      work.publish(queued.experimentId(), queued.pointId());
    }
  }

  /** Deletes uploads no queued or running computation needs any more. */
  public void deleteUnneededUploads() {
    int deleted = experiments.deleteUnneededUploads(UPLOAD_GRACE);
    if (deleted > 0) {
      LOG.infof("Deleted %d uploads no queued or running computation needs", deleted);
    }
  }
}
