package dev.guidelab.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The work queue: topics, retries and the sweeper that recovers lost work. */
@ConfigMapping(prefix = "guidelab.queue")
public interface QueueConfig {

  /** Kafka topic carrying one message per point to compute. */
  @WithDefault("guidelab-work")
  String workTopic();

  /**
   * The share group workers take work records through (KIP-932): any number of workers share any
   * number of partitions.
   */
  @WithDefault("guidelab-workers")
  String workGroup();

  /**
   * Partitions of the work topic when Guidelab creates it. Workers share them through a share
   * group, so this bounds the broker's parallelism, not the number of workers.
   */
  @WithDefault("8")
  int workPartitions();

  /** Kafka topic carrying progress events from workers to api instances. */
  @WithDefault("guidelab-progress")
  String progressTopic();

  /** Partitions of the progress topic when Guidelab creates it (events are keyed by experiment). */
  @WithDefault("8")
  int progressPartitions();

  /** Replication factor of both topics when Guidelab creates them (1 for a single broker). */
  @WithDefault("1")
  short replicationFactor();

  /**
   * Attempts a point gets before it fails with its last error (lost heartbeats and errors count).
   */
  @WithDefault("3")
  int maxAttempts();

  /** How often the sweeper looks for running points whose heartbeat is stale. */
  @WithDefault("1s")
  Duration sweepInterval();

  /**
   * A running point whose heartbeat is older than this is taken back and requeued: about two
   * heartbeat intervals (guidelab.worker.heartbeat-interval).
   */
  @WithDefault("9s")
  Duration staleAfter();
}
