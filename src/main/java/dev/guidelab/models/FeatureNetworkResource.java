package dev.guidelab.models;

import dev.guidelab.accounts.Caller;
import dev.guidelab.accounts.UserRole;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.api.ZipBounds;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureInputException;
import dev.guidelab.features.FeatureNetwork;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
 * Feature networks (TorchScript files) registered like models, by content hash: {@code POST
 * /api/feature-networks?name=…&contract=…} with the file as the body, {@code GET} to list them. A
 * file is registered only after it loaded and kept its contract on a probe image.
 *
 * <p>Contracts: {@code inception-v3-2015} (FID's network, uint8 NCHW of any size → 2048), {@code
 * dinov2-vitl14} (float 224×224, ImageNet normalisation → 1024), or {@code uint8} for any other
 * network taking uint8 NCHW images of any size, with {@code channels}, {@code dim} and {@code
 * returnFeatures}, and {@code classes} K > 0 if it has a classifier head called as Inception's is
 * ({@code forward(x, return_features=False)} → {@code [N, K]} logits; needs {@code
 * returnFeatures=true}). Inception's contract has its 1008-class head.
 */
@Path("/api/feature-networks")
@Tag(name = "feature networks", description = "The networks image metrics are measured in.")
@Produces(MediaType.APPLICATION_JSON)
public class FeatureNetworkResource {

  /** The most input channels of a {@code uint8} contract, as for image models. */
  static final int MAX_CHANNELS = 16;

  /** The largest feature dimension of a {@code uint8} contract (Σ alone is d² doubles: 512 MiB). */
  static final int MAX_DIM = 8192;

  /** The most classes of a classifier head, as for class-conditional models. */
  static final int MAX_CLASSES = 100_000;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

  private final FeatureNetworks networks;
  private final ModelRegistry registry;
  private final Caller caller;

  public FeatureNetworkResource(FeatureNetworks networks, ModelRegistry registry, Caller caller) {
    this.networks = networks;
    this.registry = registry;
    this.caller = caller;
  }

  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Register a TorchScript feature network (the body is the .pt file)")
  @APIResponse(
      responseCode = "201",
      description = "Registered by content hash after it kept its contract on a probe image.",
      content = @Content(schema = @Schema(implementation = FeatureNetworks.Registered.class)))
  public Response register(
      byte[] file,
      @QueryParam("name") String name,
      @QueryParam("contract") String contract,
      @QueryParam("channels") String channelsParam,
      @QueryParam("dim") String dimParam,
      @QueryParam("returnFeatures") String returnFeaturesParam,
      @QueryParam("classes") String classesParam) {
    List<FieldError> errors = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(
              "name", "required: letters, digits, '.', '_', ':' or '-', got " + Text.echo(name)));
    }
    Integer channels = QueryParams.integer("channels", channelsParam, 3, errors);
    Integer dim = QueryParams.integer("dim", dimParam, 0, errors);
    Boolean returnFeatures = QueryParams.flag("returnFeatures", returnFeaturesParam, false, errors);
    Integer classes = QueryParams.integer("classes", classesParam, 0, errors);
    if (file == null || file.length == 0) {
      errors.add(new FieldError("file", "the request body must be the TorchScript file"));
    }
    FeatureContract chosen = null;
    if (contract == null) {
      errors.add(new FieldError("contract", "required: inception-v3-2015, dinov2-vitl14 or uint8"));
    } else {
      switch (contract) {
        case "inception-v3-2015" -> chosen = FeatureContract.INCEPTION_V3_2015;
        case "dinov2-vitl14" -> chosen = FeatureContract.DINOV2_VITL14;
        case "uint8" -> {
          if (channels == null || dim == null || returnFeatures == null || classes == null) {
            break; // unreadable, reported above
          }
          if (dim < 1 || channels < 1) {
            errors.add(new FieldError("dim", "a uint8 contract needs dim ≥ 1 and channels ≥ 1"));
          } else if (channels > MAX_CHANNELS) {
            errors.add(
                new FieldError("channels", "must be in 1.." + MAX_CHANNELS + ", got " + channels));
          } else if (dim > MAX_DIM) {
            errors.add(new FieldError("dim", "must be in 1.." + MAX_DIM + ", got " + dim));
          } else if (classes > MAX_CLASSES) {
            errors.add(
                new FieldError("classes", "must be in 0.." + MAX_CLASSES + ", got " + classes));
          } else if (classes < 0 || (classes > 0 && !returnFeatures)) {
            errors.add(
                new FieldError(
                    "classes",
                    "must be 0 (no classifier head) or K > 0 with returnFeatures=true: the head"
                        + " is called as forward(x, return_features=False); got classes="
                        + classes
                        + ", returnFeatures="
                        + returnFeatures));
          } else {
            chosen =
                FeatureContract.uint8Images(
                    name,
                    channels,
                    returnFeatures
                        ? FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES
                        : FeatureContract.ForwardCall.TENSOR,
                    dim,
                    classes);
          }
        }
        default ->
            errors.add(
                new FieldError(
                    "contract",
                    "unknown contract "
                        + Text.quote(contract)
                        + "; allowed: inception-v3-2015, dinov2-vitl14, uint8"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    ZipBounds.checkInMemory(file, ZipBounds.TORCHSCRIPT_MAX_INFLATED); // before libtorch reads it
    FeatureNetworks.Registered registered;
    try {
      registered = networks.register(name, file, chosen);
    } catch (FeatureInputException e) {
      String field = e.field().equals(FeatureNetwork.CLASSIFIER_OUTPUT) ? "classes" : "file";
      throw new InvalidRequestException(List.of(new FieldError(field, e.getMessage())));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(List.of(new FieldError("file", e.getMessage())));
    } catch (IllegalStateException e) {
      throw new InvalidRequestException(List.of(new FieldError("name", e.getMessage())));
    }
    registry.own(name, caller.name());
    return Response.status(Response.Status.CREATED).entity(registered).build();
  }

  @GET
  @Operation(summary = "The registered feature networks and their contracts")
  public List<FeatureNetworks.Registered> list() {
    return registry.list().stream()
        .filter(model -> model.kind() == ModelKind.FEATURE_NET)
        .map(
            model ->
                new FeatureNetworks.Registered(
                    model.name(), model.sha256(), networks.contract(model.params())))
        .toList();
  }
}
