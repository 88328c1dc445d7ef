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

  /** Partitions of the work topic when Guidelab creates it: the most workers that can share it. */
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

  /** How often the sweeper looks for stale and undelivered points. */
  @WithDefault("10s")
  Duration sweepInterval();

  /** A running point whose heartbeat is older than this is taken back and requeued. */
  @WithDefault("60s")
  Duration staleAfter();

  /** A queued point whose work message was published longer ago than this is published again. */
  @WithDefault("5m")
  Duration redeliverAfter();
}
