package dev.guidelab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.accounts.Caller;
import dev.guidelab.accounts.UserRole;
import dev.guidelab.api.ApiError;
import dev.guidelab.api.RequestBodies;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentView;
import dev.guidelab.ledger.MetricSample;
import dev.guidelab.results.PointTop1;
import dev.guidelab.results.PointTop1Store;
import dev.guidelab.results.ProgressEvent;
import dev.guidelab.results.ProgressPublisher;
import dev.guidelab.results.SamplePreview;
import dev.guidelab.results.SamplePreviews;
import dev.guidelab.results.TypicalImageStore;
import dev.guidelab.results.TypicalImages;
import dev.guidelab.work.ResolvedSweep;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The experiments API: submit a sweep, look at one experiment, its metric series, and cancel it;
 * {@link HistoryResource} lists the history, {@link ExperimentEditResource} organises and deletes.
 * Progress streams from {@code /api/experiments/{id}/events}.
 */
@Path("/api/experiments")
@Tag(name = "experiments", description = "Sweeps: submit, follow, look up, cancel.")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

  /** What a spec body is, in the OpenAPI document: a JSON object that {@link SpecParser} checks. */
  static final String SPEC =
      "An experiment spec v1 (docs/spec.md): checked field by field, every violation answered at"
          + " once as a 400.";

  private final SpecParser parser;
  private final ExperimentLedger ledger;
  private final ExperimentQueries queries;
  private final Submissions submissions;
  private final SamplePreviews previews;
  private final TypicalImageStore typical;
  private final PointTop1Store top1;
  private final SpecResolver resolver;
  private final ProgressPublisher progress;
  private final ObjectMapper mapper;
  private final Caller caller;
  private final SpecCosts costs;

  public ExperimentResource(
      Caller caller,
      SpecParser parser,
      SpecCosts costs,
      ExperimentLedger ledger,
      ExperimentQueries queries,
      Submissions submissions,
      SamplePreviews previews,
      TypicalImageStore typical,
      PointTop1Store top1,
      SpecResolver resolver,
      ProgressPublisher progress,
      ObjectMapper mapper) {
    this.parser = parser;
    this.ledger = ledger;
    this.queries = queries;
    this.submissions = submissions;
    this.previews = previews;
    this.typical = typical;
    this.top1 = top1;
    this.resolver = resolver;
    this.progress = progress;
    this.mapper = mapper;
    this.caller = caller;
    this.costs = costs;
  }

  /**
   * Validates and stores the spec, then publishes one work message per point. The body is read as
   * text so every problem, including malformed JSON, is reported by field; more than {@link
   * RequestBodies#SPEC_LIMIT} bytes are a 413.
   */
  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Submit an experiment spec; its owner is the caller")
  @APIResponse(
      responseCode = "201",
      description = "Stored and queued; Location names the experiment.",
      content = @Content(schema = @Schema(implementation = ExperimentView.class)))
  @APIResponse(
      responseCode = "429",
      description = "Past the caller's quota: the limit, what is in flight, what was asked for.",
      content = @Content(schema = @Schema(implementation = QuotaExceeded.Body.class)))
  public Response submit(
      @RequestBody(
              required = true,
              content = @Content(schema = @Schema(type = SchemaType.OBJECT, description = SPEC)))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
      @Context UriInfo uri) {
    ExperimentSpec spec = parser.parse(RequestBodies.spec(body, length));
    return submissions.submit(
        spec.toNewExperiment(
            caller.name(), parser.toJson(spec), parser.hash(spec), resolver.resolve(spec), mapper),
        uri);
  }

  /**
   * Submits experiment {@code id} again as a new experiment: its stored resolved form, pins, spec
   * and spec hash, not parsed nor resolved again, so it gives the same numbers (sample k draws from
   * (seed, k)) even if the rules have changed since. Answers like {@link #submit}. Only a sweep is
   * just work again: a training registers models under its name and a reference computation stores
   * statistics under its name from an upload that is not kept, so those answer 409.
   */
  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Path("{id}/rerun")
  @Operation(summary = "Run a sweep again as a new experiment, from its stored resolved form")
  @APIResponse(
      responseCode = "201",
      description = "Stored and queued; Location names the new experiment.",
      content = @Content(schema = @Schema(implementation = ExperimentView.class)))
  @APIResponse(
      responseCode = "409",
      description = "A training or a reference computation: only sweeps run again.",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "429",
      description = "Past the caller's quota: the limit, what is in flight, what was asked for.",
      content = @Content(schema = @Schema(implementation = QuotaExceeded.Body.class)))
  public Response rerun(@PathParam("id") UUID id, @Context UriInfo uri) {
    ExperimentLedger.NewExperiment again =
        ledger
            .again(id, caller.name())
            .orElseThrow(() -> new NotFoundException("no experiment " + id));
    if (!again.kind().equals(ResolvedSweep.KIND)) {
      throw new ClientErrorException(
          "experiment "
              + id
              + " is a "
              + again.kind().name()
              + " experiment; only sweeps can be run again (a training registers models and a"
              + " reference computation stores statistics under its name: submit a new one)",
          Response.Status.CONFLICT);
    }
    return submissions.submit(again, uri);
  }

  /**
   * Checks a spec as {@link #submit} does and stores nothing: 400 with every violation, or the
   * normalised spec, its points and its cost. The dashboard's form validates with it as the user
   * types.
   */
  @POST
  @Path("validate")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Check an experiment spec without storing it")
  public SpecCheck validate(
      @RequestBody(
              required = true,
              content = @Content(schema = @Schema(type = SchemaType.OBJECT, description = SPEC)))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length)
      throws JsonProcessingException {
    ExperimentSpec spec = parser.parse(RequestBodies.spec(body, length));
    return new SpecCheck(
        mapper.readTree(parser.toJson(spec)),
        parser.hash(spec),
        spec.runs().stream().map(ExperimentSpec.Run::label).toList(),
        costs.of(spec));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Look up an experiment: spec, pins, points and their latest metrics")
  public ExperimentView get(@PathParam("id") UUID id) {
    return queries.find(id).orElseThrow(() -> new NotFoundException("no experiment " + id));
  }

  /** Every stored metric value (partial and final) of the experiment: the curves against n. */
  @GET
  @Path("{id}/metrics")
  @Operation(summary = "Every stored metric value of an experiment, by point and sample count")
  public List<MetricSample> metrics(@PathParam("id") UUID id) {
    get(id);
    return queries.series(id);
  }

  /**
   * The first samples of a point ({@value SamplePreviews#SIZE} at most) with per-sample realism and
   * rarity against the reference set, stored once that many samples exist.
   */
  @GET
  @Path("{id}/points/{pointId}/samples")
  @Operation(summary = "A toy point's first samples with their realism and rarity")
  public SamplePreview samples(@PathParam("id") UUID id, @PathParam("pointId") UUID pointId) {
    return found(previews.find(id, pointId), "no sample preview", id, pointId, "");
  }

  /**
   * An image point's {@value TypicalImages#SIZE} most and least typical images by realism, stored
   * when the point completes if its spec asks for {@code realism}.
   */
  @GET
  @Path("{id}/points/{pointId}/typical-images")
  @Operation(summary = "An image point's most and least typical images by realism")
  public TypicalImages typicalImages(@PathParam("id") UUID id, @PathParam("pointId") UUID pointId) {
    return found(typical.find(id, pointId), "no typical images", id, pointId, "");
  }

  /**
   * The Top-1 class histograms of an image point that asks for {@code top1_tv}: its generated
   * images' so far and the reference's, with their distance and its standard error; stored after
   * every batch.
   */
  @GET
  @Path("{id}/points/{pointId}/top1")
  @Operation(summary = "An image point's Top-1 class histograms against the reference's")
  public PointTop1 top1(@PathParam("id") UUID id, @PathParam("pointId") UUID pointId) {
    return found(
        top1.find(id, pointId),
        "no Top-1 class histograms",
        id,
        pointId,
        "; only image points asking for top1_tv have them");
  }

  /** A point's stored result, or 404 saying what is missing for which point (yet). */
  private static <T> T found(
      Optional<T> result, String missing, UUID id, UUID pointId, String note) {
    return result.orElseThrow(
        () ->
            new NotFoundException(
                missing + " for point " + pointId + " of experiment " + id + " (yet" + note + ")"));
  }

  /**
   * Cancels the experiment's queued and running points; running ones stop at their next batch. Only
   * its owner or an admin may.
   */
  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Path("{id}/cancel")
  @Operation(summary = "Cancel an experiment's queued and running points (its owner or an admin)")
  public ExperimentView cancel(@PathParam("id") UUID id) {
    ExperimentView experiment =
        queries.find(id).orElseThrow(() -> new NotFoundException("no experiment " + id));
    caller.mayChange(experiment.owner(), "cancel experiment " + id);
    List<ExperimentLedger.Cancelled> cancelled =
        ledger
            .cancel(id, caller.name())
            .orElseThrow(() -> new NotFoundException("no experiment " + id));
    Instant now = Instant.now();
    for (ExperimentLedger.Cancelled point : cancelled) {
      progress.publish(
          new ProgressEvent.PointCancelled(id, point.pointId(), point.experimentState(), now));
    }
    return get(id);
  }
}
