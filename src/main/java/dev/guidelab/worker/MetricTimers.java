package dev.guidelab.worker;

import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.MetricClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * How long each requested metric takes to evaluate at a report ({@code
 * guidelab.metric.computation}, docs/operations.md): its value and, if it has one, its standard
 * error from the statistics accumulated so far. One observation per metric and report; a timer that
 * fails is logged, never thrown into the point.
 */
@ApplicationScoped
public class MetricTimers {

  private static final Logger LOG = Logger.getLogger(MetricTimers.class);

  private final Meter.MeterProvider<Timer> timers;

  public MetricTimers(MeterRegistry registry) {
    timers =
        Timer.builder("guidelab.metric.computation")
            .description("time to evaluate a metric's value and standard error at a report")
            .withRegistry(registry);
  }

  /** A clock for one report, summing each metric's evaluations. */
  static final class Report implements MetricClock {
    private final Map<Metric, Long> nanos = new EnumMap<>(Metric.class);

    @Override
    public void took(Metric metric, long time) {
      nanos.merge(metric, time, Long::sum);
    }
  }

  /** Records the requested metrics' times of {@code report}. */
  void record(Report report, Collection<Metric> requested) {
    try {
      for (Metric metric : requested) {
        timers
            .withTags("metric", metric.wireName())
            .record(report.nanos.getOrDefault(metric, 0L), TimeUnit.NANOSECONDS);
      }
    } catch (RuntimeException e) {
      LOG.debugf(e, "A metric timer failed");
    }
  }
}
