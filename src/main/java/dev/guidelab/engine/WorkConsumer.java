package dev.guidelab.engine;

import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.queue.Channels;
import dev.guidelab.queue.PointWork;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes work messages (ARCHITECTURE.md, "Claim, then compute off the consumer thread").
 *
 * <p>Each message is handled on the dedicated compute thread: claim the point in the ledger,
 * acknowledge the message at once (milliseconds after delivery), then hand the claim to the {@link
 * PointEngine}. The returned stage completes when the point is done, and only then does the
 * connector deliver the next message, so a worker never claims more than it computes and other
 * workers take the rest. A message for a point that is not queued any more (a redelivery) claims
 * nothing and is dropped.
 */
@ApplicationScoped
public class WorkConsumer {

  private static final Logger LOG = Logger.getLogger(WorkConsumer.class);

  private final PointLedger ledger;
  private final PointEngine engine;
  private final String workerName;
  // One compute thread per device: the CPU here.
  private final ExecutorService compute =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "guidelab-compute"));
  private volatile boolean stopping;

  public WorkConsumer(PointLedger ledger, PointEngine engine, WorkerConfig config) {
    this.ledger = ledger;
    this.engine = engine;
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
      // The message rings the doorbell; the best queued point is claimed, whichever it names.
      claim = ledger.claimNext(workerName);
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
    engine.run(claim.get(), () -> stopping);
  }

  // On ShutdownEvent, before the datasource and Kafka clients close, so the point can be released.
  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    stopping = true;
    compute.shutdown();
    if (!compute.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("Compute thread did not stop within 30 s");
    }
    engine.stop();
  }
}
