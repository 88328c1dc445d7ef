package dev.guidelab.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The ledger's gauges (docs/operations.md): points by state and kind ({@code guidelab.points}),
 * queued points ({@code guidelab.queue.depth}) and the age of the oldest one ({@code
 * guidelab.queue.oldest.age}). They read one {@link PointCensus} at most every {@code
 * guidelab.metrics.ledger-refresh}, counted on a thread of their own: a scrape returns the last
 * count at once and never waits for, nor fails with, the database. While the database cannot be
 * counted the gauges are NaN.
 */
@ApplicationScoped
public class LedgerMeters {

  private static final Logger LOG = Logger.getLogger(LedgerMeters.class);

  /** The last count, null if it failed, and when it was taken ({@link System#nanoTime}). */
  private record Taken(PointCensus.Count count, long at) {}

  private final PointCensus census;
  private final MeterRegistry registry;
  private final long refreshNanos;
  private final Set<String> kinds = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean counting = new AtomicBoolean();
  private final ExecutorService counter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "guidelab-ledger-meters");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Taken last;
  private boolean failing; // on the counting thread only

  public LedgerMeters(
      PointCensus census,
      MeterRegistry registry,
      @ConfigProperty(name = "guidelab.metrics.ledger-refresh", defaultValue = "5s")
          Duration refresh) {
    this.census = census;
    this.registry = registry;
    this.refreshNanos = refresh.toNanos();
    this.last = new Taken(null, System.nanoTime() - refreshNanos);
    gauge("guidelab.queue.depth", "points queued, of every kind", null, count -> count.queued());
    gauge(
        "guidelab.queue.oldest.age",
        "how long the oldest queued point has waited since it was queued; 0 when none is",
        "seconds",
        count -> count.oldestQueued().map(age -> age.toMillis() / 1e3 + sinceTaken()).orElse(0.0));
  }

  /** Counts once at startup, so that the first scrape already sees every kind's series. */
  void start(@Observes StartupEvent startup) {
    current();
  }

  private void gauge(
      String name, String description, String unit, ToDoubleFunction<PointCensus.Count> value) {
    Gauge.builder(name, () -> current().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .baseUnit(unit)
        .strongReference(true)
        .register(registry);
  }

  /** Seconds since the last count, which the age of the oldest queued point has grown by. */
  private double sinceTaken() {
    long at = last.at();
    return Math.max(0, System.nanoTime() - at) / 1e9;
  }

  /** The last count, asking for a new one in the background when it is older than the refresh. */
  private Optional<PointCensus.Count> current() {
    Taken taken = last;
    if (System.nanoTime() - taken.at() >= refreshNanos && counting.compareAndSet(false, true)) {
      try {
        counter.execute(this::count);
      } catch (RejectedExecutionException stopped) {
        counting.set(false);
      }
    }
    return Optional.ofNullable(taken.count());
  }

  private void count() {
    try {
      PointCensus.Count count = census.count();
      for (String kind : count.points().keySet()) {
        if (kinds.add(kind)) {
          for (State state : State.values()) {
            Gauge.builder(
                    "guidelab.points",
                    () -> current().map(c -> (double) c.points(kind, state)).orElse(Double.NaN))
                .description("points in the ledger by state and experiment kind")
                .tags("kind", kind, "state", state.name())
                .strongReference(true)
                .register(registry);
          }
        }
      }
      if (failing) {
        LOG.info("The ledger gauges count points again");
        failing = false;
      }
      last = new Taken(count, System.nanoTime());
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warnf("The ledger gauges cannot count points (%s); they read NaN", e.getMessage());
        failing = true;
      }
      last = new Taken(null, System.nanoTime());
    } finally {
      counting.set(false);
    }
  }

  @PreDestroy
  void stop() {
    counter.shutdownNow();
  }
}
