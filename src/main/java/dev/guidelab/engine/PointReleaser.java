package dev.guidelab.engine;

import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.ledger.PointLedger.Moved;
import dev.guidelab.ledger.State;
import dev.guidelab.queue.QueueConfig;
import dev.guidelab.queue.WorkPublisher;
import dev.guidelab.results.ProgressEvent;
import dev.guidelab.results.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The retry policy: a running point that lost its worker or failed an attempt goes back to the
 * queue with a new work message while it has attempts left ({@code guidelab.queue.max-attempts}),
 * and fails with the last error after that.
 */
@ApplicationScoped
public class PointReleaser {

  private static final Logger LOG = Logger.getLogger(PointReleaser.class);

  private final PointLedger points;
  private final WorkPublisher work;
  private final ProgressPublisher progress;
  private final QueueConfig config;

  public PointReleaser(
      PointLedger points, WorkPublisher work, ProgressPublisher progress, QueueConfig config) {
    this.points = points;
    this.work = work;
    this.progress = progress;
    this.config = config;
  }

  /**
   * Releases the point if it is still running at {@code version}; does nothing if it moved on.
   *
   * @param reason why the attempt ended, recorded as the point's error
   * @return where the point moved ({@code QUEUED}, or {@code FAILED} without attempts left), empty
   *     if it had moved on
   */
  public Optional<State> release(UUID experimentId, UUID pointId, int version, String reason) {
    Optional<Moved> moved =
        points.releaseOrFail(experimentId, pointId, version, reason, config.maxAttempts());
    moved.ifPresent(m -> announce(m, reason));
    return moved.map(Moved::to);
  }

  /**
   * Gives a point back without spending an attempt (the worker is shutting down): it goes back to
   * the queue with a new work message, and its next worker resumes it from its checkpoint.
   *
   * @return whether the point was still the worker's and went back
   */
  public boolean giveBack(Claim claim, String reason) {
    Optional<Moved> moved = points.giveBack(claim, reason);
    moved.ifPresent(m -> announce(m, reason));
    return moved.isPresent();
  }

  private void announce(Moved moved, String reason) {
    Instant now = Instant.now();
    if (moved.to() == State.QUEUED) {
      LOG.infof("Point %s requeued after attempt %d: %s", moved.pointId(), moved.attempt(), reason);
      work.publish(moved.experimentId(), moved.pointId());
      progress.publish(
          new ProgressEvent.PointRequeued(
              moved.experimentId(),
              moved.pointId(),
              moved.experimentState(),
              now,
              moved.attempt(),
              reason));
    } else {
      LOG.warnf("Point %s failed after %d attempts: %s", moved.pointId(), moved.attempt(), reason);
      progress.publish(
          new ProgressEvent.PointFailed(
              moved.experimentId(), moved.pointId(), moved.experimentState(), now, reason));
    }
  }
}
