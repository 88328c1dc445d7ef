package dev.guidelab.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The ledger's gauges (docs/operations.md): points by state and kind ({@code guidelab.points}),
 * queued points ({@code guidelab.queue.depth}) and the age of the oldest one ({@code
 * guidelab.queue.oldest.age}). They read one {@link PointCensus}, counted every {@code
 * guidelab.metrics.ledger-refresh} by the scheduler whether or not anyone scrapes, so a scrape
 * returns at once a count at most one refresh old. (Counting only when a scrape found the last
 * count old returned that old count to the scrape: after a quiet hour, a queue that had long
 * emptied.) While the database cannot be counted the gauges keep the last count, NaN before the
 * first.
 */
// At startup, so that the gauges are registered before the first scrape.
@Startup
@ApplicationScoped
public class LedgerMeters {

  private static final Logger LOG = Logger.getLogger(LedgerMeters.class);

  /** A count and when it was taken ({@link System#nanoTime}). */
  private record Taken(PointCensus.Count count, long at) {

    /** Seconds since the count, which the age of the oldest queued point has grown by. */
    double secondsSince() {
      return Math.max(0, System.nanoTime() - at) / 1e9;
    }
  }

  private final PointCensus census;
  private final MeterRegistry registry;
  private final Set<String> kinds = ConcurrentHashMap.newKeySet();
  private volatile Taken last;
  // Written by one count at a time (the schedule skips a run while the previous one is counting).
  private volatile boolean failing;

  public LedgerMeters(PointCensus census, MeterRegistry registry) {
    this.census = census;
    this.registry = registry;
    gauge("guidelab.queue.depth", "points queued, of every kind", null, t -> t.count().queued());
    gauge(
        "guidelab.queue.oldest.age",
        "how long the oldest queued point has waited since it was queued; 0 when none is",
        "seconds",
        t ->
            t.count()
                .oldestQueued()
                .map(age -> age.toMillis() / 1e3 + t.secondsSince())
                .orElse(0.0));
  }

  private void gauge(String name, String description, String unit, ToDoubleFunction<Taken> value) {
    Gauge.builder(name, () -> read(value))
        .description(description)
        .baseUnit(unit)
        .strongReference(true)
        .register(registry);
  }

  /** {@code value} of the last count; NaN before the first. */
  private double read(ToDoubleFunction<Taken> value) {
    Taken taken = last;
    return taken == null ? Double.NaN : value.applyAsDouble(taken);
  }

  /**
   * Counts the points. On a scheduler thread, never a scrape's; a count that waits for the database
   * makes the next ones skip instead of queueing behind it.
   */
  @Scheduled(
      every = "${guidelab.metrics.ledger-refresh}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void count() {
    PointCensus.Count count;
    try {
      count = census.count();
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warnf("The ledger gauges cannot count points (%s); they keep the last count", e);
        failing = true;
      }
      return;
    }
    for (String kind : count.points().keySet()) {
      if (kinds.add(kind)) {
        for (State state : State.values()) {
          Gauge.builder("guidelab.points", () -> read(t -> t.count().points(kind, state)))
              .description("points in the ledger by state and experiment kind")
              .tags("kind", kind, "state", state.name())
              .strongReference(true)
              .register(registry);
        }
      }
    }
    last = new Taken(count, System.nanoTime());
    if (failing) {
      LOG.info("The ledger gauges count points again");
      failing = false;
    }
  }
}
