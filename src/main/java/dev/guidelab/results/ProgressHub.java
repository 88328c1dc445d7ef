package dev.guidelab.results;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fans progress events out to the SSE streams of this api instance. Each instance consumes the
 * progress topic under its own consumer group, so every instance sees every event.
 *
 * <p>The instance numbers the events it receives, one sequence for all experiments, and keeps the
 * last {@value #REPLAY_EVENTS} of them, so a stream that dropped can resume after the last event it
 * got ({@link #resume}). The numbers are this instance's: an event id names the instance's epoch (a
 * random word drawn at start), and an id of another instance or of an event no longer kept cannot
 * be resumed from.
 *
 * <p>The streams open now are the gauge {@code guidelab.sse.clients} (docs/operations.md).
 */
@ApplicationScoped
public class ProgressHub {

  /** Events kept for resumption, of all experiments together. */
  public static final int REPLAY_EVENTS = 4096;

  private static final Logger LOG = Logger.getLogger(ProgressHub.class);
  private static final Pattern EVENT_ID = Pattern.compile("([0-9a-z]{1,16})-([0-9]{1,18})");

  private final ConcurrentHashMap<UUID, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private final AtomicLong skipped = new AtomicLong();
  private final String epoch = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);

  /** The kept events, oldest first; it, {@link #sequence} and {@link #dropped} guarded by this. */
  private final ArrayDeque<Numbered> recent = new ArrayDeque<>();

  private long sequence;
  private long dropped;

  private final AtomicInteger clients = new AtomicInteger();

  /** An event with its number in this instance's sequence. */
  public record Numbered(long seq, ProgressEvent event) {}

  public ProgressHub(MeterRegistry registry) {
    Gauge.builder("guidelab.sse.clients", clients, AtomicInteger::get)
        .description("server-sent event streams open on this api instance")
        .strongReference(true)
        .register(registry);
  }

  /** A stream's subscription: buffers live events until the snapshot has been sent. */
  public static final class Listener {
    private final MultiEmitter<? super Numbered> emitter;
    private final long position;
    private List<Numbered> pending = new ArrayList<>();
    private boolean ended;

    Listener(MultiEmitter<? super Numbered> emitter, long position) {
      this.emitter = emitter;
      this.position = position;
    }

    /**
     * The number of the last event before this listener: a snapshot read after {@link #listen} plus
     * the events delivered to it are everything after this position.
     */
    public long position() {
      return position;
    }

    synchronized void deliver(Numbered event) {
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
      for (Numbered event : pending) {
        emitOrComplete(event);
      }
      pending = null;
    }

    /** Ends the stream after the snapshot when the experiment is already over. */
    public synchronized void end() {
      ended = true;
      emitter.complete();
    }

    private void emitOrComplete(Numbered event) {
      if (ended || emitter.isCancelled()) {
        return;
      }
      emitter.emit(event);
      if (event.event().experimentState().isTerminal()) {
        end();
      }
    }
  }

  /** The SSE id of event {@code seq} of this instance: {@code <epoch>-<seq>}. */
  public String eventId(long seq) {
    return epoch + "-" + seq;
  }

  /** The number an event id of this instance names; empty for another instance's, or garbage. */
  OptionalLong position(String id) {
    Matcher m = EVENT_ID.matcher(id);
    if (!m.matches() || !m.group(1).equals(epoch)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(m.group(2)));
  }

  /**
   * Starts buffering events of {@code experimentId} for {@code emitter}; removed when it
   * terminates. Send the snapshot, then call {@link Listener#snapshotSent}.
   */
  public synchronized Listener listen(UUID experimentId, MultiEmitter<? super Numbered> emitter) {
    return register(experimentId, new Listener(emitter, sequence));
  }

  /**
   * Resumes a stream after the event with SSE id {@code lastEventId}: emits the kept events of
   * {@code experimentId} after it, then the live ones. Empty (nothing registered) when that cannot
   * be exact: the id is another instance's, or events after it are no longer kept.
   */
  public synchronized Optional<Listener> resume(
      UUID experimentId, MultiEmitter<? super Numbered> emitter, String lastEventId) {
    OptionalLong after = position(lastEventId);
    if (after.isEmpty() || after.getAsLong() < dropped || after.getAsLong() > sequence) {
      return Optional.empty();
    }
    Listener listener = register(experimentId, new Listener(emitter, after.getAsLong()));
    listener.snapshotSent(); // nothing buffered: the lock keeps new events out until we are done
    for (Numbered kept : recent) {
      if (kept.seq() > after.getAsLong() && kept.event().experimentId().equals(experimentId)) {
        listener.deliver(kept);
      }
    }
    return Optional.of(listener);
  }

  private Listener register(UUID experimentId, Listener listener) {
    listeners.computeIfAbsent(experimentId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    clients.incrementAndGet();
    listener.emitter.onTermination(
        () -> {
          clients.decrementAndGet();
          listeners.computeIfPresent(
              experimentId, (id, set) -> set.remove(listener) && set.isEmpty() ? null : set);
        });
    return listener;
  }

  /**
   * Numbers an event, keeps it and hands it to the streams of its experiment. A record that is not
   * an event (a null value, garbage: the connector hands those on as null,
   * fail-on-deserialization-failure being off) is skipped and counted.
   */
  @Incoming(ProgressChannels.PROGRESS_IN)
  synchronized void onEvent(ProgressEvent event) {
    if (event == null || event.experimentId() == null) {
      long count = skipped.incrementAndGet();
      if (count == 1) {
        LOG.warn("Skipped a record on the progress topic that is not a progress event");
      }
      return;
    }
    Numbered numbered = new Numbered(++sequence, event);
    recent.addLast(numbered);
    if (recent.size() > REPLAY_EVENTS) {
      dropped = recent.removeFirst().seq();
    }
    Set<Listener> forExperiment = listeners.get(event.experimentId());
    if (forExperiment != null) {
      forExperiment.forEach(listener -> listener.deliver(numbered));
    }
  }
}
