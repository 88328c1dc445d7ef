package dev.guidelab.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.db.DatabaseException;
import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.ledger.State;
import dev.guidelab.results.ProgressEvent;
import dev.guidelab.results.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The one point engine (ARCHITECTURE.md, "A point's life"): runs a claimed point of any kind to its
 * end. It reads the experiment's resolved form into the kind's record, heartbeats while the kind
 * computes, stores and publishes each report (a report is also where cancellation and shutdown are
 * noticed), and ends the point: completed with the kind's last results, failed at once for a {@link
 * PointFailure}, given back for a retry on any other error or on shutdown ({@link PointReleaser}),
 * or left alone when someone else took it.
 */
@ApplicationScoped
public class PointEngine {

  private static final Logger LOG = Logger.getLogger(PointEngine.class);

  private final PointLedger ledger;
  private final ProgressPublisher progress;
  private final PointReleaser releaser;
  private final ObjectMapper json;
  private final WorkerConfig config;
  private final Retries retries;
  private final EngineMeters meters;
  private final Map<ExperimentKind, PointKind<?>> kinds = new HashMap<>();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "guidelab-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  public PointEngine(
      PointLedger ledger,
      ProgressPublisher progress,
      PointReleaser releaser,
      ObjectMapper json,
      WorkerConfig config,
      EngineMeters meters,
      @Any Instance<PointKind<?>> kinds) {
    this.ledger = ledger;
    this.progress = progress;
    this.releaser = releaser;
    this.json = json;
    this.config = config;
    this.retries = new Retries(config.databaseRetryFor());
    this.meters = meters;
    for (PointKind<?> kind : kinds) {
      if (this.kinds.putIfAbsent(kind.kind(), kind) != null) {
        throw new IllegalStateException("two classes compute points of kind " + kind.kind());
      }
    }
  }

  /**
   * Computes a claimed point until it ends, or until {@code stopping} turns true (the point is then
   * given back without spending an attempt). Throws nothing: what cannot be recorded now (the
   * ledger is unreachable for longer than guidelab.worker.database-retry-for) is recovered by the
   * sweeper once the point's heartbeat is stale.
   */
  public void run(Claim claim, BooleanSupplier stopping) {
    try {
      runUnguarded(claim, stopping);
    } catch (RuntimeException e) {
      LOG.errorf(e, "Point %s could not be ended; the sweeper will take it back", claim.pointId());
    }
  }

  private void runUnguarded(Claim claim, BooleanSupplier stopping) {
    LOG.infof(
        "Computing point %s of %s %s (attempt %d)",
        claim.pointId(), claim.kind(), claim.experimentId(), claim.attempt());
    meters.claimed(claim);
    progress.publish(
        new ProgressEvent.PointClaimed(
            claim.experimentId(),
            claim.pointId(),
            claim.experimentState(),
            Instant.now(),
            claim.worker(),
            claim.device(),
            claim.attempt()));
    long period = config.heartbeatInterval().toMillis();
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleAtFixedRate(() -> beat(claim), period, period, TimeUnit.MILLISECONDS);
    try {
      PointKind<?> kind = kinds.get(claim.kind());
      if (kind == null) {
        // A worker of another version may know the kind: give the point back.
        release(claim, "this worker computes no points of kind " + claim.kind());
      } else if (claim.resolved() == null) {
        fail(claim, "accepted before experiments stored their resolved form; submit it again");
      } else {
        compute(kind, claim, stopping);
      }
    } catch (Stop stop) {
      if (stop.shutdown) {
        giveBack(claim, "worker " + claim.worker() + " shut down; the attempt does not count");
      } else {
        LOG.infof("Point %s was cancelled or taken back; stopping", claim.pointId());
      }
    } catch (PointFailure e) {
      fail(claim, e.getMessage());
    } catch (DatabaseException e) {
      // The ledger was unreachable for longer than the retries: not the point's fault.
      LOG.warnf(
          "Point %s stopped: the ledger is unreachable (%s)", claim.pointId(), e.getMessage());
      giveBack(claim, "the worker lost the database: " + e.getMessage());
    } catch (Exception e) {
      LOG.errorf(e, "Point %s failed on attempt %d", claim.pointId(), claim.attempt());
      release(claim, describe(e));
    } finally {
      heartbeat.cancel(false);
    }
  }

  private <R> void compute(PointKind<R> kind, Claim claim, BooleanSupplier stopping)
      throws Exception {
    R resolved;
    try {
      resolved = json.treeToValue(claim.resolved(), kind.resolvedType());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new PointFailure(
          "the stored experiment cannot be read as a " + claim.kind() + ": " + e.getMessage(), e);
    }
    Point<R> point =
        new Point<>(
            claim.experimentId(),
            claim.pointId(),
            claim.attempt(),
            claim.seed(),
            claim.units(),
            resolved,
            claim.params(),
            claim.main(),
            claim.checkpoint());
    Run run = new Run(claim, kind.unitsAreSamples(), stopping);
    kind.compute(point, run);
    if (!run.completed) {
      throw new IllegalStateException(kind.getClass().getSimpleName() + " did not complete");
    }
  }

  /** The kind's view of the point's protocol. */
  private final class Run implements PointRun {
    private final Claim claim;
    private final boolean samples;
    private final BooleanSupplier stopping;
    private boolean completed;
    private int counted; // units and evaluations already counted by the meters
    private long countedNfe;

    Run(Claim claim, boolean samples, BooleanSupplier stopping) {
      this.claim = claim;
      this.samples = samples;
      this.stopping = stopping;
      if (claim.checkpoint() != null) {
        counted = claim.checkpoint().done();
        countedNfe = claim.checkpoint().nfe();
      }
    }

    /**
     * Counts the samples and evaluations a stored report added; a kind that started over instead of
     * resuming from the checkpoint reports fewer than the checkpoint's, and all of them count.
     */
    private void count(int done, long nfe) {
      if (samples) {
        meters.sampled(
            claim,
            done >= counted ? done - counted : done,
            nfe >= countedNfe ? nfe - countedNfe : nfe);
        counted = done;
        countedNfe = nfe;
      }
    }

    @Override
    public void progress(int done, Results partial) {
      if (stopping.getAsBoolean()) {
        throw new Stop(true);
      }
      if (!retries.call(
          "recording progress",
          () ->
              ledger.recordProgress(
                  claim,
                  done,
                  partial.nfe(),
                  partial.values(),
                  partial.stderr(),
                  partial.writes(),
                  partial.checkpoint()))) {
        throw new Stop(false);
      }
      count(done, partial.nfe());
      progress.publish(
          new ProgressEvent.PartialMetrics(
              claim.experimentId(),
              claim.pointId(),
              claim.experimentState(),
              Instant.now(),
              done,
              claim.units(),
              partial.values(),
              partial.stderr()));
    }

    @Override
    public void complete(int done, Results results) {
      var moved =
          retries.call(
              "completing a point",
              () ->
                  ledger.complete(
                      claim,
                      done,
                      results.nfe(),
                      results.values(),
                      results.stderr(),
                      results.writes(),
                      results.checkpoint()));
      if (moved.isEmpty()) {
        throw new Stop(false);
      }
      completed = true;
      count(done, results.nfe());
      meters.ended(claim, EngineMeters.Outcome.COMPLETED);
      progress.publish(
          new ProgressEvent.PointCompleted(
              claim.experimentId(),
              claim.pointId(),
              moved.get().experimentState(),
              Instant.now(),
              done,
              results.values(),
              results.stderr(),
              done == 0 ? 0 : (double) results.nfe() / done));
    }
  }

  /** Ends a computation from inside a report: the point is gone, or the worker is stopping. */
  private static final class Stop extends RuntimeException {
    final boolean shutdown;

    Stop(boolean shutdown) {
      super(null, null, false, false);
      this.shutdown = shutdown;
    }
  }

  private void release(Claim claim, String reason) {
    retries
        .call(
            "giving a point back for a retry",
            () -> releaser.release(claim.experimentId(), claim.pointId(), claim.version(), reason))
        .ifPresent(
            to ->
                meters.ended(
                    claim,
                    to == State.QUEUED
                        ? EngineMeters.Outcome.GIVEN_BACK
                        : EngineMeters.Outcome.FAILED));
  }

  private void giveBack(Claim claim, String reason) {
    if (retries.call("giving a point back", () -> releaser.giveBack(claim, reason))) {
      meters.ended(claim, EngineMeters.Outcome.GIVEN_BACK);
    }
  }

  private void fail(Claim claim, String reason) {
    LOG.warnf("Point %s failed: %s", claim.pointId(), reason);
    retries
        .call("failing a point", () -> ledger.fail(claim, reason))
        .ifPresent(
            moved -> {
              meters.ended(claim, EngineMeters.Outcome.FAILED);
              progress.publish(
                  new ProgressEvent.PointFailed(
                      claim.experimentId(),
                      claim.pointId(),
                      moved.experimentState(),
                      Instant.now(),
                      reason));
            });
  }

  private void beat(Claim claim) {
    try {
      ledger.heartbeat(claim);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Heartbeat of point %s failed", claim.pointId());
    }
  }

  /** The error as a user should read it: type and message, no stack trace. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  void stop() {
    heartbeats.shutdownNow();
  }
}
