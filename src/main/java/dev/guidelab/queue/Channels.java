package dev.guidelab.queue;

/**
 * The work topic's reactive-messaging channel, shared by code and configuration. Workers read the
 * topic through a share group ({@link WorkQueue}), not through a channel.
 */
public final class Channels {

  /** Work messages to workers: one {@link PointWork} per point to compute. */
  public static final String WORK_OUT = "work-out";

  private Channels() {}
}
