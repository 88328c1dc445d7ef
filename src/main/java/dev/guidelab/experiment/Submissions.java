package dev.guidelab.experiment;

import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentView;
import dev.guidelab.ledger.Reuse;
import dev.guidelab.queue.WorkPublisher;
import dev.guidelab.work.PointContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The last steps of every submission (a sweep, a run again, a training, a reference computation):
 * check its owner's quota, store the experiment, ring the doorbell once per point and answer {@code
 * 201} with the experiment and its {@code Location}.
 */
@ApplicationScoped
public class Submissions {

  private final WorkPublisher work;
  private final ExperimentLedger ledger;
  private final ExperimentQueries queries;
  private final QuotaConfig quota;

  public Submissions(
      WorkPublisher work, ExperimentLedger ledger, ExperimentQueries queries, QuotaConfig quota) {
    this.work = work;
    this.ledger = ledger;
    this.queries = queries;
    this.quota = quota;
  }

  /** Stores and queues {@code experiment}; 201 with it. */
  public Response submit(ExperimentLedger.NewExperiment experiment, UriInfo uri) {
    ExperimentLedger.Created created = store(experiment);
    ring(created);
    ExperimentView view = queries.find(created.experimentId()).orElseThrow();
    return Response.created(
            uri.getBaseUriBuilder().path("api/experiments").path(view.id().toString()).build())
        .entity(view)
        .build();
  }

  /**
   * Stores {@code experiment}, its points that reuse a completed point's results completed at once,
   * if its owner's quota allows the others (checked against what is in flight when it is submitted:
   * two submissions at the same instant may together pass it once; a reused point costs nothing).
   *
   * @throws QuotaExceeded (429) otherwise
   */
  public ExperimentLedger.Created store(ExperimentLedger.NewExperiment experiment) {
    String owner = experiment.owner();
    Map<Integer, Reuse.Source> sources = ledger.reusable(experiment, PointContent.EXTEND_FROM);
    List<ExperimentLedger.NewPoint> computed = new ArrayList<>();
    for (int i = 0; i < experiment.points().size(); i++) {
      Reuse.Source source = sources.get(i);
      if (source == null || source.extension()) {
        computed.add(experiment.points().get(i));
      }
    }
    ExperimentQueries.InFlight now = queries.inFlight(owner);
    long points = computed.size();
    if (now.points() + points > quota.points()) {
      throw new QuotaExceeded(owner, "points", quota.points(), now.points(), points);
    }
    long evaluations =
        computed.stream()
            .mapToLong(ExperimentLedger.NewPoint::evaluations)
            .reduce(0, Math::addExact);
    if (now.evaluations() + evaluations > quota.evaluations()) {
      throw new QuotaExceeded(
          owner, "evaluations", quota.evaluations(), now.evaluations(), evaluations);
    }
    return ledger.create(experiment, sources);
  }

  /** One work message per queued point of a stored experiment. */
  public void ring(ExperimentLedger.Created created) {
    for (UUID pointId : created.queued()) {
      work.publish(created.experimentId(), pointId);
    }
  }

  @ServerExceptionMapper
  public Response overQuota(QuotaExceeded e) {
    return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
  }
}
