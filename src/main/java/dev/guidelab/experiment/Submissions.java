package dev.guidelab.experiment;

import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentView;
import dev.guidelab.queue.WorkPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/**
 * The last step of every submission (a sweep, a training, a reference computation): the experiment
 * is stored, so ring the doorbell once per point and answer {@code 201} with the experiment and its
 * {@code Location}.
 */
@ApplicationScoped
public class Submissions {

  private final WorkPublisher work;
  private final ExperimentQueries queries;

  public Submissions(WorkPublisher work, ExperimentQueries queries) {
    this.work = work;
    this.queries = queries;
  }

  public Response publish(ExperimentLedger.Created created, UriInfo uri) {
    ring(created);
    ExperimentView view = queries.find(created.experimentId()).orElseThrow();
    return Response.created(
            uri.getBaseUriBuilder().path("api/experiments").path(view.id().toString()).build())
        .entity(view)
        .build();
  }

  /** One work message per point of a stored experiment. */
  public void ring(ExperimentLedger.Created created) {
    for (UUID pointId : created.pointIds()) {
      work.publish(created.experimentId(), pointId);
    }
  }
}
