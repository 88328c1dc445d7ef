package dev.guidelab.engine;

import io.quarkus.runtime.configuration.MemorySize;
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

  /**
   * Where networks and their arrays live: {@code auto} (CUDA device 0 if this build's libtorch has
   * CUDA and sees a device, else the CPU), {@code cpu}, {@code cuda} or {@code cuda:<index>}. Read
   * at start by the DJL engine's device choice, which stops the process, naming this setting, when
   * it asks for a CUDA device that is not there.
   */
  @WithDefault("auto")
  String device();

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

  /**
   * Largest state a point of a feature-space (image) sweep persists with its progress reports so
   * that, interrupted, it resumes from its last batch instead of starting over. Its FD blocks alone
   * take 20·d(d+1)/2 doubles (335 MB at d = 2048, 47 MB at d = 768), its kept features up to
   * 10,000·d floats; a point whose state is larger takes no (more) checkpoints and says so in the
   * log. Toy points always checkpoint (their state is a few hundred kB).
   */
  @WithDefault("64M")
  MemorySize checkpointMaxBytes();
}
