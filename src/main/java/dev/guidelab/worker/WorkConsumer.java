package dev.guidelab.worker;

import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.queue.Channels;
import dev.guidelab.queue.PointWork;
import dev.guidelab.results.ProgressEvent;
import dev.guidelab.results.ProgressPublisher;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes work messages (ARCHITECTURE.md "Claim, then compute off the consumer thread").
 *
 * <p>Each message is handled on the dedicated compute thread: claim the point in the ledger,
 * acknowledge the message at once (milliseconds after delivery), then compute. The returned stage
 * completes when the point is done, and only then does the connector deliver the next message, so a
 * worker never claims more than it computes and other workers take the rest. A message for a point
 * that is not queued any more (a redelivery) claims nothing and is dropped.
 */
@ApplicationScoped
public class WorkConsumer {

  private static final Logger LOG = Logger.getLogger(WorkConsumer.class);

  private final PointLedger ledger;
  private final PointRunner runner;
  private final TrainingRunner training;
  private final PointReleaser releaser;
  private final ProgressPublisher progress;
  private final WorkerConfig config;
  private final String workerName;
  // One compute thread per device: the CPU here.
  private final ExecutorService compute =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "guidelab-compute"));
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "guidelab-heartbeat"));
  private volatile boolean stopping;

  public WorkConsumer(
      PointLedger ledger,
      PointRunner runner,
      TrainingRunner training,
      PointReleaser releaser,
      ProgressPublisher progress,
      WorkerConfig config) {
    this.ledger = ledger;
    this.runner = runner;
    this.training = training;
    this.releaser = releaser;
    this.progress = progress;
    this.config = config;
    this.workerName = config.name().orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
  }

  @Incoming(Channels.WORK_IN)
  public CompletionStage<Void> onWork(Message<PointWork> message) {
    return CompletableFuture.runAsync(() -> handle(message), compute);
  }

  private void handle(Message<PointWork> message) {
    PointWork work = message.getPayload();
    Optional<Claim> claim;
    try {
      claim = ledger.claim(work.experimentId(), work.pointId(), workerName);
    } catch (RuntimeException e) {
      // The point stays QUEUED; the sweeper publishes it again.
      LOG.warnf(e, "Cannot claim point %s", work.pointId());
      message.nack(e);
      return;
    }
    message.ack();
    if (claim.isEmpty()) {
      LOG.debugf("Point %s is not queued any more; dropping the duplicate message", work.pointId());
      return;
    }
    compute(claim.get());
  }

  private void compute(Claim claim) {
    LOG.infof("Computing point %s (attempt %d)", claim.pointId(), claim.attempt());
    progress.publish(
        new ProgressEvent.PointClaimed(
            claim.experimentId(),
            claim.pointId(),
            claim.experimentState(),
            Instant.now(),
            claim.worker(),
            claim.attempt()));
    long period = config.heartbeatInterval().toMillis();
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleAtFixedRate(() -> beat(claim), period, period, TimeUnit.MILLISECONDS);
    try {
      PointRunner.Outcome outcome =
          claim.kind() == ExperimentKind.TRAIN
              ? training.run(claim, () -> stopping)
              : runner.run(claim, () -> stopping);
      if (outcome == PointRunner.Outcome.INTERRUPTED) {
        releaser.release(
            claim.experimentId(),
            claim.pointId(),
            claim.version(),
            "worker " + workerName + " shut down");
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "Point %s failed on attempt %d", claim.pointId(), claim.attempt());
      releaser.release(claim.experimentId(), claim.pointId(), claim.version(), describe(e));
    } finally {
      heartbeat.cancel(false);
    }
  }

  private void beat(Claim claim) {
    try {
      ledger.heartbeat(claim);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Heartbeat of point %s failed", claim.pointId());
    }
  }

  /** The error as a user should read it: type and message, no stack trace. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  // On ShutdownEvent, before the datasource and Kafka clients close, so the point can be released.
  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    stopping = true;
    compute.shutdown();
    if (!compute.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("Compute thread did not stop within 30 s");
    }
    heartbeats.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }
}
