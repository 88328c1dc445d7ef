package dev.guidelab.queue;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Rings the doorbell: one work message per point, keyed by point so points spread over partitions.
 * A publish the broker did not acknowledge is remembered and published again by the sweeper ({@link
 * #publishFailedAgain}); the point stays {@code QUEUED} in the ledger meanwhile, and idle workers
 * find it there too.
 */
@ApplicationScoped
public class WorkPublisher {

  private static final Logger LOG = Logger.getLogger(WorkPublisher.class);

  private final Emitter<PointWork> emitter;
  private final Queue<PointWork> failed = new ConcurrentLinkedQueue<>();

  // An experiment publishes up to 500 points at once; the ledger bounds what is buffered.
  public WorkPublisher(
      @Channel(Channels.WORK_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
          Emitter<PointWork> emitter) {
    this.emitter = emitter;
  }

  public void publish(UUID experimentId, UUID pointId) {
    PointWork work = new PointWork(experimentId, pointId);
    emitter.send(
        Message.of(work)
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(pointId.toString()).build())
            .withAck(() -> CompletableFuture.completedFuture(null))
            .withNack(
                failure -> {
                  LOG.warnf(
                      "Publishing point %s failed (%s); the sweeper will publish it again",
                      pointId, failure.getMessage());
                  failed.add(work);
                  return CompletableFuture.completedFuture(null);
                }));
  }

  /** Publishes again every point whose last publish failed. */
  public void publishFailedAgain() {
    for (PointWork work = failed.poll(); work != null; work = failed.poll()) {
      publish(work.experimentId(), work.pointId());
    }
  }
}
