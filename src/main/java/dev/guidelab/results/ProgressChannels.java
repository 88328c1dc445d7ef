package dev.guidelab.results;

/** The progress topic's reactive-messaging channel names, shared by code and configuration. */
public final class ProgressChannels {

  /** Progress events from workers (and the api's own cancellations) to every api instance. */
  public static final String PROGRESS_OUT = "progress-out";

  /** The api side of {@link #PROGRESS_OUT}, consumed under a group per api instance. */
  public static final String PROGRESS_IN = "progress-in";

  private ProgressChannels() {}
}
