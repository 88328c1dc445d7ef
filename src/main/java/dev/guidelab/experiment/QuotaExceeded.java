package dev.guidelab.experiment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A submission that would take its user past a quota ({@link QuotaConfig}): answered 429 with the
 * quota, its limit, what is in flight and what was asked for.
 */
public final class QuotaExceeded extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The body of the 429. */
  @Schema(name = "QuotaError", description = "A submission past its user's quota.")
  public record Body(
      String error,
      @Schema(description = "points | evaluations") String quota,
      long limit,
      long inFlight,
      long requested) {}

  private final transient Body body;

  QuotaExceeded(String user, String quota, long limit, long inFlight, long requested) {
    super(null, null, false, false);
    this.body =
        new Body(
            "over "
                + user
                + "'s quota of "
                + limit
                + " "
                + quota
                + " in flight: "
                + inFlight
                + " queued or running, "
                + requested
                + " more asked for; wait for some to finish, or cancel some"
                + " (guidelab.quota."
                + quota
                + ")",
            quota,
            limit,
            inFlight,
            requested);
  }

  public Body body() {
    return body;
  }
}
