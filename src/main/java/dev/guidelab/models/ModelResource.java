package dev.guidelab.models;

import dev.guidelab.accounts.Caller;
import dev.guidelab.accounts.UserRole;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.api.ZipBounds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/models}: the names a spec may use as {@code main} or {@code guide}; {@code POST
 * /api/models?name=…&channels=…&resolution=…&classes=…} registers a TorchScript image denoiser (the
 * body is the {@code .pt} file) by content hash after a probe call ({@link TorchScriptModels}).
 */
@Path("/api/models")
@Tag(name = "models", description = "The denoisers a spec may use.")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

  /** Names of the toy's own models, whose ground truth {@code start: "data"} samples. */
  private static final String RESERVED_PREFIX = "toy-";

  private final ModelCatalog catalog;
  private final TorchScriptModels torchScript;
  private final ModelRegistry registry;
  private final Caller caller;

  public ModelResource(
      ModelCatalog catalog, TorchScriptModels torchScript, ModelRegistry registry, Caller caller) {
    this.catalog = catalog;
    this.torchScript = torchScript;
    this.registry = registry;
    this.caller = caller;
  }

  @GET
  @Operation(summary = "The models a spec may use")
  public List<ModelInfo> list() {
    return catalog.list();
  }

  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Register a TorchScript image denoiser (the body is the .pt file)")
  @APIResponse(
      responseCode = "201",
      description = "Registered by content hash after a probe call.",
      content = @Content(schema = @Schema(implementation = ModelInfo.class)))
  public Response register(
      byte[] file,
      @QueryParam("name") String name,
      @QueryParam("channels") String channelsParam,
      @QueryParam("resolution") String resolutionParam,
      @QueryParam("classes") String classesParam,
      @QueryParam("description") @DefaultValue("") String description) {
    List<FieldError> errors = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(
              "name", "required: letters, digits, '.', '_', ':' or '-', got " + Text.echo(name)));
    } else if (name.startsWith(RESERVED_PREFIX)) {
      errors.add(new FieldError("name", "names starting with 'toy-' are the toy's own models"));
    }
    if (file == null || file.length == 0) {
      errors.add(new FieldError("file", "the request body must be the TorchScript file"));
    }
    Integer channels = QueryParams.integer("channels", channelsParam, 3, errors);
    if (channels != null && (channels < 1 || channels > 16)) {
      errors.add(new FieldError("channels", "must be in 1..16, got " + channels));
    }
    Integer resolution = QueryParams.integer("resolution", resolutionParam, 0, errors);
    if (resolution != null && (resolution < 1 || resolution > ImageShape.MAX_RESOLUTION)) {
      errors.add(
          new FieldError(
              "resolution",
              "required: the image height = width, 1.."
                  + ImageShape.MAX_RESOLUTION
                  + ", got "
                  + resolution));
    }
    Integer classes = QueryParams.integer("classes", classesParam, 0, errors);
    if (classes != null && (classes < 0 || classes > 100_000)) {
      errors.add(new FieldError("classes", "must be 0 (unconditional) or the label count"));
    }
    if (description.length() > 1000) {
      errors.add(new FieldError("description", "at most 1000 characters"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    ZipBounds.checkInMemory(file, ZipBounds.TORCHSCRIPT_MAX_INFLATED); // before libtorch reads it
    try {
      torchScript.register(name, file, new ImageShape(channels, resolution, classes), description);
      registry.own(name, caller.name());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(List.of(new FieldError("file", e.getMessage())));
    } catch (IllegalStateException e) {
      throw new InvalidRequestException(List.of(new FieldError("name", e.getMessage())));
    }
    return Response.status(Response.Status.CREATED)
        .entity(catalog.find(name).orElseThrow())
        .build();
  }
}
