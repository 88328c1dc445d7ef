package dev.guidelab.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a worker computes points. */
@ConfigMapping(prefix = "guidelab.worker")
public interface WorkerConfig {

  /** Name recorded on claimed points and in history; defaults to host name and process id. */
  Optional<String> name();

  /**
   * Samples per batch. Between batches a worker stores and publishes partial metrics and checks for
   * cancellation. Results do not depend on it: every sample draws from its own seed.
   */
  @WithDefault("1000")
  int batchSize();

  /**
   * How often a running point's heartbeat is written. Must be well below
   * guidelab.queue.stale-after.
   */
  @WithDefault("5s")
  Duration heartbeatInterval();
}
