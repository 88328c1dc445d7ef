package dev.guidelab.queue;

/** Reactive-messaging channel names, shared by code, configuration and tests. */
public final class Channels {

  /** Work messages to workers: one {@link PointWork} per point to compute. */
  public static final String WORK_OUT = "work-out";

  /** The worker side of {@link #WORK_OUT}. */
  public static final String WORK_IN = "work-in";

  /** Progress events from workers (and the api's own cancellations) to every api instance. */
  public static final String PROGRESS_OUT = "progress-out";

  /** The api side of {@link #PROGRESS_OUT}, consumed under a group per api instance. */
  public static final String PROGRESS_IN = "progress-in";

  private Channels() {}
}
