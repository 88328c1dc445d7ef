package dev.guidelab.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.Claimant;
import dev.guidelab.ledger.PointClaims;
import dev.guidelab.queue.QueueConfig;
import dev.guidelab.queue.WorkQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A worker's compute loop (ARCHITECTURE.md, "Claim, then compute off the consumer thread"): while
 * idle it waits for a doorbell on the work topic ({@link WorkQueue}, a share group, one record at a
 * time); on one it claims a queued point in the ledger, acknowledges the record, and hands the
 * claim to the {@link PointEngine}. While it computes it takes no records, so free workers take the
 * rest. An idle worker also asks the ledger now and then, so a doorbell lost on the way (a failed
 * publish, a broker that lost data) delays no point for longer than that.
 *
 * <p>Nothing escapes the loop: a database error while claiming is retried with backoff (the record
 * is released to another worker if the ledger stays unreachable), a broker error reopens the
 * consumer after a pause, an unreadable record is rejected.
 */
@ApplicationScoped
public class WorkConsumer {

  private static final Logger LOG = Logger.getLogger(WorkConsumer.class);

  /** How long an idle worker waits for a record before it looks again. */
  private static final Duration POLL = Duration.ofSeconds(1);

  private final PointClaims claims;
  private final PointEngine engine;
  private final WorkerConfig config;
  private final QueueConfig queueConfig;
  private final ObjectMapper json;
  private final String bootstrapServers;
  private final boolean enabled;
  private final String workerName;
  private final Retries retries;
  private volatile Thread thread;
  private volatile WorkQueue queue;
  private volatile boolean stopping;
  private volatile Instant lastPoll = Instant.now();
  private volatile boolean computing;

  public WorkConsumer(
      PointClaims claims,
      PointEngine engine,
      WorkerConfig config,
      QueueConfig queueConfig,
      ObjectMapper json,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.claims = claims;
    this.engine = engine;
    this.config = config;
    this.queueConfig = queueConfig;
    this.json = json;
    this.bootstrapServers = bootstrapServers;
    this.enabled = config.enabled();
    this.workerName = config.name().orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
    this.retries = new Retries(config.databaseRetryFor());
  }

  void start(@Observes StartupEvent startup) {
    if (enabled) {
      thread = new Thread(this::loop, "guidelab-compute");
      thread.start();
    }
  }

  private void loop() {
    Duration pause = Duration.ofSeconds(1);
    while (!stopping) {
      try (WorkQueue opened =
          new WorkQueue(bootstrapServers, queueConfig.workGroup(), queueConfig.workTopic(), json)) {
        queue = opened;
        Instant idleSince = Instant.now();
        while (!stopping) {
          Optional<WorkQueue.Doorbell> doorbell = opened.next(POLL);
          lastPoll = Instant.now();
          if (doorbell.isPresent()) {
            answer(opened, doorbell.get());
            idleSince = Instant.now();
          } else if (Duration.between(idleSince, Instant.now())
                  .compareTo(config.idleClaimInterval())
              >= 0) {
            claimAndRun();
            idleSince = Instant.now();
          }
        }
      } catch (WakeupException e) {
        // stopping
      } catch (RuntimeException e) {
        if (stopping) {
          break;
        }
        LOG.warnf(e, "The work consumer failed; reopening it in %d s", pause.toSeconds());
        Retries.sleep(pause);
        pause =
            pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : pause.multipliedBy(2);
      } finally {
        queue = null;
      }
    }
  }

  /** Claims a point for a doorbell, answers the doorbell, computes what was claimed. */
  private void answer(WorkQueue opened, WorkQueue.Doorbell doorbell) {
    Optional<Claim> claim;
    try {
      claim = retries.call("claiming a point", this::claim);
    } catch (RuntimeException unreachable) {
      // The ledger stayed unreachable: let another worker (or this one, later) take the record.
      LOG.warnf("Cannot reach the ledger to claim a point: %s", unreachable.getMessage());
      opened.release(doorbell);
      return;
    }
    try {
      opened.accept(doorbell);
    } catch (RuntimeException e) {
      // The broker will offer the record again later; a doorbell that finds its point taken
      // claims another queued point or nothing, so computing the claim now loses nothing.
      LOG.warnf(
          "Cannot acknowledge a work record (%s); computing the claimed point anyway",
          e.getMessage());
    }
    LOG.debugf(
        "Doorbell %s claimed %s",
        doorbell.work().map(w -> w.pointId().toString()).orElse("?"),
        claim.map(c -> c.pointId().toString()).orElse("nothing"));
    claim.ifPresent(this::run);
  }

  /** The ledger poll of an idle worker. */
  private void claimAndRun() {
    try {
      retries.call("claiming a point", this::claim).ifPresent(this::run);
    } catch (RuntimeException e) {
      LOG.warnf("Cannot reach the ledger to look for queued points: %s", e.getMessage());
    }
  }

  /**
   * The best queued point ({@link PointClaims#claimNext}: priority, fair share between owners,
   * age), whichever point a doorbell was sent for, claimed in this worker's name and on the device
   * its networks run on.
   */
  private Optional<Claim> claim() {
    return claims.claimNext(new Claimant(workerName, DjlEngine.deviceName()));
  }

  private void run(Claim claim) {
    computing = true;
    try {
      engine.run(claim, () -> stopping);
    } finally {
      computing = false;
    }
  }

  /** Whether the loop runs and has asked for work recently, or is computing. */
  public boolean healthy() {
    Thread t = thread;
    return !enabled
        || (t != null
            && t.isAlive()
            && (computing || Duration.between(lastPoll, Instant.now()).toSeconds() < 60));
  }

  /** Records rejected as unreadable by this worker's current consumer. */
  public long rejected() {
    WorkQueue q = queue;
    return q == null ? 0 : q.rejected();
  }

  /** Whether this process takes work. */
  public boolean enabled() {
    return enabled;
  }

  // On ShutdownEvent, before the datasource closes, so the point can be given back.
  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    stopping = true;
    WorkQueue q = queue;
    if (q != null && !computing) {
      q.wakeup();
    }
    Thread t = thread;
    if (t != null) {
      t.join(Duration.ofSeconds(30).toMillis());
      if (t.isAlive()) {
        LOG.warn("The compute thread did not stop within 30 s");
      }
    }
    engine.stop();
  }
}
