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
 * is stale are released ({@link PointReleaser}), points whose work record could not be published
 * are published again, and uploads no computation needs are deleted. Nothing is published again
 * merely for waiting: a queued point's record waits on the topic until a worker is free (and idle
 * workers also ask the ledger). Runs in api instances; conditional updates make concurrent sweepers
 * harmless.
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
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      // Not before the messaging channels are connected at startup, nor while shutting down.
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void sweep() {
    if (enabled) {
      requeueStale();
      work.publishFailedAgain();
    }
  }

  @Scheduled(
      every = "60s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void collect() {
    if (enabled) {
      deleteUnneededUploads();
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

  /** Deletes uploads no queued or running computation needs any more. */
  public void deleteUnneededUploads() {
    int deleted = experiments.deleteUnneededUploads(UPLOAD_GRACE);
    if (deleted > 0) {
      LOG.infof("Deleted %d uploads no queued or running computation needs", deleted);
    }
  }
}
