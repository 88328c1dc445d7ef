package dev.guidelab.engine;

import io.quarkus.runtime.configuration.MemorySize;
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
