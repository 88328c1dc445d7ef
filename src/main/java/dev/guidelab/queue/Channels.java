package dev.guidelab.queue;

/** The work topic's reactive-messaging channel names, shared by code, configuration and tests. */
public final class Channels {

  /** Work messages to workers: one {@link PointWork} per point to compute. */
  public static final String WORK_OUT = "work-out";

  /** The worker side of {@link #WORK_OUT}. */
  public static final String WORK_IN = "work-in";

  private Channels() {}
}
