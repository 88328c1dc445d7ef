package dev.guidelab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.accounts.Caller;
import dev.guidelab.accounts.UserRole;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.Text;
import dev.guidelab.db.Uploads;
import dev.guidelab.ledger.ExperimentFilter;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.Pins;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.references.ReferenceConfig;
import dev.guidelab.references.ReferenceJob;
import dev.guidelab.references.ReferenceResource;
import dev.guidelab.references.ReferenceSources;
import dev.guidelab.references.ReferenceStore;
import dev.guidelab.references.ReferenceUpload;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reference statistics computed from an upload through a registered feature network, as queued work
 * (docs/images.md, "Reference statistics"). {@code POST /api/references/compute} checks the
 * upload's structure at once ({@code 400} by field), answers {@code 200} with the stored entry when
 * the same upload, network, pipeline and ddof were computed before, joins a computation of the same
 * key under way (at its priority), and otherwise stores the upload in the database and queues a
 * {@code reference} experiment of one point at the request's {@code priority} ({@code 202} with the
 * job and its {@code Location}). Any worker computes it; a restart of any process loses nothing;
 * every api instance lists it.
 */
@Path("/api/references")
@Tag(name = "references")
@Produces(MediaType.APPLICATION_JSON)
public class ReferenceJobResource {

  /** Most jobs {@code GET /api/references/jobs} lists. */
  static final int LISTED = 100;

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

  private final ReferenceStore store;
  private final FeatureNetworks networks;
  private final Uploads uploads;
  private final ExperimentQueries queries;
  private final Submissions submissions;
  private final ReferenceConfig config;
  private final ObjectMapper json;
  private final Caller caller;

  public ReferenceJobResource(
      Caller caller,
      ReferenceStore store,
      FeatureNetworks networks,
      Uploads uploads,
      ExperimentQueries queries,
      Submissions submissions,
      ReferenceConfig config,
      ObjectMapper json) {
    if (config.knnSamples() < 0) {
      throw new IllegalArgumentException(
          "guidelab.references.knn-samples must be ≥ 0, got " + config.knnSamples());
    }
    this.store = store;
    this.networks = networks;
    this.uploads = uploads;
    this.queries = queries;
    this.submissions = submissions;
    this.config = config;
    this.json = json;
    this.caller = caller;
  }

  /**
   * Computes reference statistics from the body: an {@code .npz} with uint8 {@code images} (NCHW or
   * NHWC, {@code layout} when the shape is ambiguous) or float {@code features} {@code (N, d)}, or
   * a zip of PNG/JPEG files, through the registered feature network {@code features}.
   */
  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Path("compute")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Compute reference statistics from images or features, as queued work")
  @APIResponse(
      responseCode = "200",
      description = "Computed before from the same upload, network and ddof: the stored entry.",
      content = @Content(schema = @Schema(implementation = ReferenceStore.Summary.class)))
  @APIResponse(
      responseCode = "202",
      description = "Queued, or joining the same computation under way; Location names the job.",
      content = @Content(schema = @Schema(implementation = ReferenceJobView.class)))
  @APIResponse(
      responseCode = "429",
      description = "Past the caller's quota: the limit, what is in flight, what was asked for.",
      content = @Content(schema = @Schema(implementation = QuotaExceeded.Body.class)))
  public Response compute(
      InputStream body,
      @QueryParam("name") String name,
      @QueryParam("features") String features,
      @QueryParam("layout") String layout,
      @QueryParam("ddof") String ddofParam,
      @QueryParam("description") @DefaultValue("") String description,
      @QueryParam("priority") String priority,
      @Context UriInfo uri)
      throws IOException {
    List<FieldError> errors = new ArrayList<>();
    Integer ddof = ReferenceResource.checkCommon(name, ddofParam, description, errors);
    int claimPriority = priority(priority, errors);
    FeatureNetworks.Registered network = ReferenceResource.network(networks, features, errors);
    Optional<ReferenceSources.Layout> axes = ReferenceResource.layout(layout, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    try (ReferenceUpload upload = ReferenceUpload.save(body)) {
      if (upload.size() == 0) {
        throw invalid(
            "file",
            "the request body must be an .npz with 'images' or 'features', or a zip of images");
      }
      ReferenceJob job =
          ReferenceJob.prepare(
              upload.file(),
              upload.sha256(),
              name,
              description,
              network,
              axes,
              ddof,
              config.knnSamples());
      Optional<ReferenceStore.Summary> stored = store.summaryByKey(job.key());
      if (stored.isPresent()) {
        return Response.ok(stored.get()).build();
      }
      if (store.summary(name).isPresent()) {
        throw invalid("name", "'" + name + "' already names other statistics; choose another name");
      }
      Optional<UUID> running = queries.active(ReferenceJob.KIND, job.key());
      if (running.isPresent()) {
        return accepted(running.get(), uri);
      }
      Optional<UUID> sameName = queries.activeNamed(ReferenceJob.KIND, name);
      if (sameName.isPresent()) {
        throw invalid(
            "name",
            "'"
                + name
                + "' is being computed from another upload (experiment "
                + sameName.get()
                + "); choose another name");
      }
      uploads.store(upload.sha256(), upload.file());
      ExperimentLedger.Created created =
          submissions.store(
              new ExperimentLedger.NewExperiment(
                  ReferenceJob.KIND,
                  name,
                  caller.name(),
                  json.writeValueAsString(request(job, claimPriority)),
                  job.key(),
                  job,
                  new Pins(Map.of(), null, new Pins.Pin(network.name(), network.sha256())),
                  List.of(new ExperimentLedger.NewPoint("reference " + name, Map.of(), 0, 0)),
                  job.count(),
                  claimPriority,
                  false)); // found by its key above instead: computed statistics are answered 200
      submissions.ring(created);
      return accepted(created.experimentId(), uri);
    }
  }

  /**
   * {@code priority}: when the computation is claimed, as a spec's ({@link
   * SpecParser#readPriority}); absent = the default.
   */
  private static int priority(String text, List<FieldError> errors) {
    if (text == null) {
      return ExperimentLedger.DEFAULT_PRIORITY;
    }
    if (INTEGER.matcher(text).matches()) {
      int priority = Integer.parseInt(text);
      if (priority >= ExperimentLedger.MIN_PRIORITY && priority <= ExperimentLedger.MAX_PRIORITY) {
        return priority;
      }
    }
    errors.add(
        new FieldError(
            "priority",
            "must be an integer in "
                + ExperimentLedger.MIN_PRIORITY
                + ".."
                + ExperimentLedger.MAX_PRIORITY
                + ", got '"
                + text
                + "'"));
    return ExperimentLedger.DEFAULT_PRIORITY;
  }

  /** What the experiment shows as its spec: the request and what it resolved to. */
  private ObjectNode request(ReferenceJob job, int priority) {
    ObjectNode o = json.createObjectNode();
    o.put("name", job.name());
    o.put("priority", priority);
    o.put("features", job.network().name());
    o.put("source", job.source());
    if (job.layout() != null) {
      o.put("layout", job.layout().name().toLowerCase(Locale.ROOT));
    }
    o.put("ddof", job.ddof());
    o.put("description", job.description());
    o.put("pipeline", job.pipeline());
    o.put("count", job.count());
    return o;
  }

  private Response accepted(UUID experimentId, UriInfo uri) {
    ReferenceJobView job = ReferenceJobView.of(queries.find(experimentId).orElseThrow());
    return Response.accepted(job)
        .location(uri.getBaseUriBuilder().path("api/references/jobs").path(job.key()).build())
        .build();
  }

  /** The newest reference computations, newest first, from every api instance. */
  @GET
  @Path("jobs")
  @Operation(summary = "The newest reference computations, newest first")
  public List<ReferenceJobView> jobs() {
    return queries
        .list(new ExperimentFilter(null, ReferenceJob.KIND, null, null, null, null), 0, LISTED)
        .items()
        .stream()
        .map(summary -> queries.find(summary.id()))
        .flatMap(Optional::stream)
        .map(ReferenceJobView::of)
        .toList();
  }

  /** The newest computation of the statistics with content key {@code key}. */
  @GET
  @Path("jobs/{key}")
  @Operation(summary = "The newest computation of a content key")
  public ReferenceJobView job(@PathParam("key") String key) {
    return queries
        .newest(ReferenceJob.KIND, key)
        .flatMap(queries::find)
        .map(ReferenceJobView::of)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no reference computation with key "
                        + Text.quote(key)
                        + " (GET /api/references lists what is stored)"));
  }

  private static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }
}
