package dev.guidelab.experiment;

import dev.guidelab.ledger.Workload;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/queue}: what the workers run and what waits, in the order it is served, so a
 * researcher sees what is ahead of their sweep.
 */
@Path("/api/queue")
@Tag(name = "experiments")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

  /** The most queued experiments listed; the answer says how many more there are. */
  static final int LISTED = 100;

  private final Workload workload;

  public QueueResource(Workload workload) {
    this.workload = workload;
  }

  @GET
  @Operation(
      summary =
          "The workers now active (their running point and measured throughput) and the"
              + " experiments with queued points, in the order they are served")
  public Workload.Queue queue() {
    return workload.queue(LISTED);
  }
}
