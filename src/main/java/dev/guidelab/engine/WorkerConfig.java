package dev.guidelab.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a worker computes points. */
@ConfigMapping(prefix = "guidelab.worker")
public interface WorkerConfig {

  /**
   * Whether this process takes work; set from guidelab.role (true for {@code worker} and {@code
   * all}), not usually by hand.
   */
  @WithDefault("true")
  boolean enabled();

  /** Name recorded on claimed points and in history; defaults to host name and process id. */
  Optional<String> name();

  /**
   * Samples per batch. Between batches a worker stores and publishes partial metrics and checks for
   * cancellation. Results do not depend on it: every sample draws from its own seed.
   */
  @WithDefault("1000")
  int batchSize();

  /**
   * How often a running point's heartbeat is written. guidelab.queue.stale-after should be about
   * two of these, so a lost worker's point is back on the queue within about two intervals.
   */
  @WithDefault("5s")
  Duration heartbeatInterval();

  /**
   * How often an idle worker asks the ledger for a queued point even without a record on the work
   * topic, so a lost record (a failed publish, a broker that lost data) delays a point by at most
   * this.
   */
  @WithDefault("10s")
  Duration idleClaimInterval();

  /**
   * How long a worker retries a ledger call through a database outage before it gives the call up
   * (a point's report: the point is then taken back when its heartbeat goes stale).
   */
  @WithDefault("60s")
  Duration databaseRetryFor();
}
