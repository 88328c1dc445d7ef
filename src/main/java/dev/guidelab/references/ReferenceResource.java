package dev.guidelab.references;

import dev.guidelab.experiment.FieldError;
import dev.guidelab.experiment.InvalidSpecException;
import dev.guidelab.models.Hashes;
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
import java.util.regex.Pattern;

/**
 * Reference statistics (μ, Σ) for Fréchet distances. {@code POST /api/references?name=…} imports an
 * {@code .npz} body with {@code mu} and {@code sigma} (pytorch-fid / clean-fid files): its source
 * is {@code npz:<sha256 of the file>}; the feature network, pipeline, ddof and n are the caller's
 * claim (the file cannot prove them) and are part of the key. Importing the same file with the same
 * claims again finds the stored entry ({@code 200}); a new one answers {@code 201}. {@code GET}
 * lists or shows entries without their arrays.
 */
@Path("/api/references")
@Produces(MediaType.APPLICATION_JSON)
public class ReferenceResource {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}");

  private final ReferenceStore store;

  public ReferenceResource(ReferenceStore store) {
    this.store = store;
  }

  @POST
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  public Response importNpz(
      byte[] file,
      @QueryParam("name") String name,
      @QueryParam("features") @DefaultValue(ReferenceStatistics.UNKNOWN) String features,
      @QueryParam("pipeline") @DefaultValue(ReferenceStatistics.UNKNOWN) String pipeline,
      @QueryParam("ddof") @DefaultValue("1") int ddof,
      @QueryParam("n") Long n,
      @QueryParam("description") @DefaultValue("") String description) {
    List<FieldError> errors = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      errors.add(
          new FieldError("name", "required: letters, digits, '.', '_', ':' or '-', got " + name));
    }
    if (!LABEL.matcher(features).matches()) {
      errors.add(
          new FieldError(
              "features", "a feature network name or hash, 'raw' or 'unknown', got " + features));
    }
    if (!LABEL.matcher(pipeline).matches()) {
      errors.add(new FieldError("pipeline", "a pipeline name or 'unknown', got " + pipeline));
    }
    if (ddof != 0 && ddof != 1) {
      errors.add(new FieldError("ddof", "must be 1 (numpy.cov, pytorch-fid) or 0, got " + ddof));
    }
    if (n != null && n < 1) {
      errors.add(new FieldError("n", "must be ≥ 1 when given, got " + n));
    }
    if (description.length() > 1000) {
      errors.add(new FieldError("description", "at most 1000 characters"));
    }
    if (file == null || file.length == 0) {
      errors.add(new FieldError("file", "the request body must be an .npz with mu and sigma"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
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
    } catch (IllegalStateException e) {
      throw new InvalidSpecException(List.of(new FieldError("name", e.getMessage())));
    }
    ReferenceStore.Summary summary =
        store.summary(saved.statistics().name()).orElseThrow(NotFoundException::new);
    return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(summary)
        .build();
  }

  @GET
  public List<ReferenceStore.Summary> list() {
    return store.list();
  }

  @GET
  @Path("{name}")
  public ReferenceStore.Summary get(@PathParam("name") String name) {
    return store
        .summary(name)
        .orElseThrow(() -> new NotFoundException("no reference statistics named '" + name + "'"));
  }
}
