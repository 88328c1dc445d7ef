package dev.guidelab.queue;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Rings the doorbell: one work message per point, keyed by point so points spread over partitions.
 * A failed publish is only logged: the point stays {@code QUEUED} in the ledger and the sweeper
 * publishes it again.
 */
@ApplicationScoped
public class WorkPublisher {

  private static final Logger LOG = Logger.getLogger(WorkPublisher.class);

  private final Emitter<PointWork> emitter;

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
                      failure,
                      "Publishing point %s failed; the sweeper will publish it again",
                      pointId);
                  return CompletableFuture.completedFuture(null);
                }));
  }
}
