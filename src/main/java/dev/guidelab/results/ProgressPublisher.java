package dev.guidelab.results;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes progress events, keyed by experiment so one experiment's events stay in order. Events
 * are deltas over the ledger: a lost event costs a live update, never a result.
 */
@ApplicationScoped
public class ProgressPublisher {

  private static final Logger LOG = Logger.getLogger(ProgressPublisher.class);

  private final Emitter<ProgressEvent> emitter;

  public ProgressPublisher(
      @Channel(ProgressChannels.PROGRESS_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
          Emitter<ProgressEvent> emitter) {
    this.emitter = emitter;
  }

  public void publish(ProgressEvent event) {
    emitter.send(
        Message.of(event)
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(event.experimentId().toString())
                    .build())
            .withAck(() -> CompletableFuture.completedFuture(null))
            .withNack(
                failure -> {
                  LOG.warnf(
                      failure,
                      "Publishing %s event of point %s failed",
                      event.type(),
                      event.pointId());
                  return CompletableFuture.completedFuture(null);
                }));
  }
}
