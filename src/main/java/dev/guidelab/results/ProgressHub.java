package dev.guidelab.results;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fans progress events out to the SSE streams of this api instance. Each instance consumes the
 * progress topic under its own consumer group, so every instance sees every event. The streams open
 * now are the gauge {@code guidelab.sse.clients} (docs/operations.md).
 */
@ApplicationScoped
public class ProgressHub {

  private static final Logger LOG = Logger.getLogger(ProgressHub.class);

  private final ConcurrentHashMap<UUID, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicInteger clients = new AtomicInteger();

  public ProgressHub(MeterRegistry registry) {
    Gauge.builder("guidelab.sse.clients", clients, AtomicInteger::get)
        .description("server-sent event streams open on this api instance")
        .strongReference(true)
        .register(registry);
  }

  /** A stream's subscription: buffers live events until the snapshot has been sent. */
  public static final class Listener {
    private final MultiEmitter<? super ProgressEvent> emitter;
    private List<ProgressEvent> pending = new ArrayList<>();
    private boolean ended;

    Listener(MultiEmitter<? super ProgressEvent> emitter) {
      this.emitter = emitter;
    }

    synchronized void deliver(ProgressEvent event) {
      if (pending != null) {
        pending.add(event);
      } else {
        emitOrComplete(event);
      }
    }

    /**
     * Called once the snapshot is out: flushes the buffered events, then passes events straight on.
     */
    public synchronized void snapshotSent() {
      for (ProgressEvent event : pending) {
        emitOrComplete(event);
      }
      pending = null;
    }

    /** Ends the stream after the snapshot when the experiment is already over. */
    public synchronized void end() {
      ended = true;
      emitter.complete();
    }

    private void emitOrComplete(ProgressEvent event) {
      if (ended || emitter.isCancelled()) {
        return;
      }
      emitter.emit(event);
      if (event.experimentState().isTerminal()) {
        end();
      }
    }
  }

  /**
   * Starts buffering events of {@code experimentId} for {@code emitter}; removed when it
   * terminates.
   */
  public Listener listen(UUID experimentId, MultiEmitter<? super ProgressEvent> emitter) {
    Listener listener = new Listener(emitter);
    listeners.computeIfAbsent(experimentId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    clients.incrementAndGet();
    emitter.onTermination(
        () -> {
          clients.decrementAndGet();
          listeners.computeIfPresent(
              experimentId, (id, set) -> set.remove(listener) && set.isEmpty() ? null : set);
        });
    return listener;
  }

  /**
   * Hands an event to the streams of its experiment. A record that is not an event (a null value,
   * garbage: the connector hands those on as null, fail-on-deserialization-failure being off) is
   * skipped and counted.
   */
  @Incoming(ProgressChannels.PROGRESS_IN)
  void onEvent(ProgressEvent event) {
    if (event == null || event.experimentId() == null) {
      long count = skipped.incrementAndGet();
      if (count == 1) {
        LOG.warn("Skipped a record on the progress topic that is not a progress event");
      }
      return;
    }
    Set<Listener> forExperiment = listeners.get(event.experimentId());
    if (forExperiment != null) {
      forExperiment.forEach(listener -> listener.deliver(event));
    }
  }
}
