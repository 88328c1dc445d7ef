package dev.guidelab.engine;

import dev.guidelab.ledger.Claim;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The worker's meters (docs/operations.md): how long points waited to be claimed, how the points a
 * worker took ended, and the samples and denoiser evaluations it computed. Counted once per claim,
 * report or end, never per sample; a meter that fails is logged, never thrown into the engine.
 */
@ApplicationScoped
public class EngineMeters {

  private static final Logger LOG = Logger.getLogger(EngineMeters.class);

  /** Where points are computed: DJL's PyTorch engine runs on the CPU (docs/platform.md). */
  static final String DEVICE = "cpu";

  /** How a point this worker took ended for it. */
  enum Outcome {
    COMPLETED,
    FAILED,
    GIVEN_BACK;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final Meter.MeterProvider<Timer> claimLatency;
  private final Meter.MeterProvider<Counter> ended;
  private final Meter.MeterProvider<Counter> samples;
  private final Meter.MeterProvider<Counter> evaluations;

  public EngineMeters(MeterRegistry registry) {
    claimLatency =
        Timer.builder("guidelab.claim.latency")
            .description("time from a point's queued_at (submission or requeue) to its claim")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofHours(12))
            .withRegistry(registry);
    ended =
        Counter.builder("guidelab.worker.points")
            .description("points this worker took, by how they ended for it")
            .withRegistry(registry);
    samples =
        Counter.builder("guidelab.worker.samples")
            .description("samples computed (sweep points), counted at each report")
            .withRegistry(registry);
    evaluations =
        Counter.builder("guidelab.worker.denoiser.evaluations")
            .description("denoiser evaluations spent on samples, counted at each report")
            .withRegistry(registry);
  }

  /** A point was claimed after waiting {@link Claim#waited()}. */
  void claimed(Claim claim) {
    guard(() -> claimLatency.withTags("kind", claim.kind().name()).record(claim.waited()));
  }

  /** A point this worker took ended for it. */
  void ended(Claim claim, Outcome outcome) {
    guard(
        () ->
            ended
                .withTags(
                    "kind", claim.kind().name(), "worker", claim.worker(), "outcome", outcome.tag)
                .increment());
  }

  /** A report of {@code samplesDone} more samples that cost {@code nfe} denoiser evaluations. */
  void sampled(Claim claim, long samplesDone, long nfe) {
    guard(
        () -> {
          samples
              .withTags("worker", claim.worker(), "device", DEVICE)
              .increment((double) samplesDone);
          evaluations.withTags("worker", claim.worker(), "device", DEVICE).increment((double) nfe);
        });
  }

  private static void guard(Runnable count) {
    try {
      count.run();
    } catch (RuntimeException e) {
      LOG.debugf(e, "A meter failed");
    }
  }
}
