package dev.guidelab.references;

import dev.guidelab.accounts.Caller;
import dev.guidelab.accounts.UserRole;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.content.Hashes;
import dev.guidelab.models.FeatureNetworks;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reference statistics (μ, Σ) for Fréchet distances, and the feature vectors the k-NN metrics need.
 *
 * <p>{@code POST /api/references?name=…} imports an {@code .npz} body with {@code mu} and {@code
 * sigma} (pytorch-fid / clean-fid files): its source is {@code npz:<sha256 of the file>}; the
 * feature network, pipeline, ddof and n are the caller's claim (the file cannot prove them) and are
 * part of the key. Importing the same file with the same claims again finds the stored entry
 * ({@code 200}); a new one answers {@code 201}.
 *
 * <p>Computing them from images or features is queued work ({@code
 * experiment.ReferenceJobResource}, {@link ReferenceJob}).
 *
 * <p>{@code GET} lists or shows entries without their arrays.
 */
@Path("/api/references")
@Tag(name = "references", description = "Reference statistics for Fréchet distances.")
@Produces(MediaType.APPLICATION_JSON)
public class ReferenceResource {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}");

  private final ReferenceStore store;

  private final Caller caller;

  public ReferenceResource(ReferenceStore store, Caller caller) {
    this.store = store;
    this.caller = caller;
  }

  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Import reference statistics (the body is an .npz with mu and sigma)")
  @APIResponse(
      responseCode = "200",
      description = "The same file and claims again: the stored entry.",
      content = @Content(schema = @Schema(implementation = ReferenceStore.Summary.class)))
  @APIResponse(
      responseCode = "201",
      description = "Stored by content key.",
      content = @Content(schema = @Schema(implementation = ReferenceStore.Summary.class)))
  public Response importNpz(
      byte[] file,
      @QueryParam("name") String name,
      @QueryParam("features") @DefaultValue(ReferenceStatistics.UNKNOWN) String features,
      @QueryParam("pipeline") @DefaultValue(ReferenceStatistics.UNKNOWN) String pipeline,
      @QueryParam("ddof") String ddofParam,
      @QueryParam("n") String nParam,
      @QueryParam("description") @DefaultValue("") String description) {
    List<FieldError> errors = new ArrayList<>();
    Integer ddof = checkCommon(name, ddofParam, description, errors);
    if (!LABEL.matcher(features).matches()) {
      errors.add(
          new FieldError(
              "features",
              "a feature network name or hash, 'raw' or 'unknown', got " + Text.echo(features)));
    }
    if (!LABEL.matcher(pipeline).matches()) {
      errors.add(
          new FieldError("pipeline", "a pipeline name or 'unknown', got " + Text.echo(pipeline)));
    }
    Long n = QueryParams.longInteger("n", nParam, null, errors);
    if (n != null && n < 1) {
      errors.add(new FieldError("n", "must be ≥ 1 when given, got " + n));
    }
    if (file == null || file.length == 0) {
      errors.add(new FieldError("file", "the request body must be an .npz with mu and sigma"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    NpzMoments.Moments moments = NpzMoments.read(file);
    ReferenceStatistics statistics =
        ReferenceStatistics.of(
            name,
            n,
            moments.mu(),
            moments.sigma(),
            "npz:" + Hashes.sha256(file),
            features,
            pipeline,
            ddof);
    ReferenceStore.Saved saved;
    try {
      saved = store.saveIfAbsent(statistics, description);
      if (saved.created()) {
        store.own(statistics.name(), caller.name());
      }
    } catch (IllegalStateException e) {
      throw new InvalidRequestException(List.of(new FieldError("name", e.getMessage())));
    }
    ReferenceStore.Summary summary =
        store.summary(saved.statistics().name()).orElseThrow(NotFoundException::new);
    return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(summary)
        .build();
  }

  @GET
  @Operation(summary = "Every reference, without its arrays")
  public List<ReferenceStore.Summary> list() {
    return store.list();
  }

  /**
   * Checks shared by import and compute ({@code experiment.ReferenceJobResource}).
   *
   * @return ddof (1 when absent), or null when it is not 0 or 1
   */
  public static Integer checkCommon(
      String name, String ddofParam, String description, List<FieldError> errors) {
    if (name == null || !NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(
              "name", "required: letters, digits, '.', '_', ':' or '-', got " + Text.echo(name)));
    }
    Integer ddof = QueryParams.integer("ddof", ddofParam, 1, errors);
    if (ddof != null && ddof != 0 && ddof != 1) {
      errors.add(new FieldError("ddof", "must be 1 (numpy.cov, pytorch-fid) or 0, got " + ddof));
      ddof = null;
    }
    if (description.length() > 1000) {
      errors.add(new FieldError("description", "at most 1000 characters"));
    }
    return ddof;
  }

  /** The registered feature network {@code name}, or null with an error on {@code features}. */
  public static FeatureNetworks.Registered network(
      FeatureNetworks networks, String name, List<FieldError> errors) {
    Optional<FeatureNetworks.Registered> network = Optional.empty();
    if (name != null) {
      try {
        network = networks.find(name);
      } catch (IllegalArgumentException notAFeatureNetwork) {
        errors.add(new FieldError("features", notAFeatureNetwork.getMessage()));
        return null;
      }
    }
    if (network.isEmpty()) {
      errors.add(
          new FieldError(
              "features",
              "required: the name of a registered feature network (GET /api/feature-networks),"
                  + " got "
                  + Text.echo(name)));
      return null;
    }
    return network.get();
  }

  /** The {@code layout} parameter: nchw, nhwc, or absent to detect it. */
  public static Optional<ReferenceSources.Layout> layout(String layout, List<FieldError> errors) {
    if (layout == null) {
      return Optional.empty();
    }
    for (ReferenceSources.Layout l : ReferenceSources.Layout.values()) {
      if (l.name().equalsIgnoreCase(layout)) {
        return Optional.of(l);
      }
    }
    errors.add(new FieldError("layout", "nchw or nhwc when given, got " + Text.echo(layout)));
    return Optional.empty();
  }

  @GET
  @Path("{name}")
  @Operation(summary = "One reference, without its arrays")
  public ReferenceStore.Summary get(@PathParam("name") String name) {
    return store
        .summary(name)
        .orElseThrow(
            () -> new NotFoundException("no reference statistics named " + Text.quote(name)));
  }
}
