package dev.guidelab.experiment;

import dev.guidelab.accounts.Caller;
import dev.guidelab.accounts.UserRole;
import dev.guidelab.api.ApiError;
import dev.guidelab.ledger.ExperimentEdits;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * How a team organises its history: rename an experiment, tag it, note on it, star it, archive or
 * restore it ({@code PATCH}), and delete it ({@code DELETE}). Only its owner or an admin may; every
 * change is recorded with who made it ({@link ExperimentEdits}).
 */
@Path("/api/experiments/{id}")
@Tag(name = "experiments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(UserRole.MEMBER_NAME)
public class ExperimentEditResource {

  /** What an edit body is, in the OpenAPI document. */
  static final String EDIT =
      "Any of {\"name\": 1–200 characters (the display name; the spec and its hash stay),"
          + " \"tags\": at most 20 of 1–40 letters, digits and - _ . : (replacing the old),"
          + " \"note\": at most 10,000 characters (null or \"\" clears it), \"starred\": bool,"
          + " \"archived\": bool (hidden from the history by default; false restores it)}";

  private final ExperimentEdits edits;
  private final ExperimentQueries queries;
  private final Caller caller;

  public ExperimentEditResource(ExperimentEdits edits, ExperimentQueries queries, Caller caller) {
    this.edits = edits;
    this.queries = queries;
    this.caller = caller;
  }

  /** Applies the edit and answers the experiment as the history lists it. */
  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Rename, tag, note, star, archive or restore an experiment (its owner)")
  public ExperimentSummary edit(
      @PathParam("id") UUID id,
      @RequestBody(
              required = true,
              content = @Content(schema = @Schema(type = SchemaType.OBJECT, description = EDIT)))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length) {
    mayChange(id, "change experiment " + id);
    ExperimentEdits.Edit edit = ExperimentEditRequest.read(body, length);
    if (!edits.edit(id, edit, caller.name())) {
      throw missing(id);
    }
    return queries.summary(id).orElseThrow(() -> missing(id));
  }

  /**
   * Deletes the experiment with its points and their results; 409 while a point is queued or
   * running. Points of other experiments that reused its points keep their results.
   */
  @DELETE
  @Operation(summary = "Delete a finished experiment and its results (its owner or an admin)")
  @APIResponse(responseCode = "204", description = "Deleted.")
  @APIResponse(
      responseCode = "409",
      description = "A point is queued or running: cancel the experiment first.",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response delete(@PathParam("id") UUID id) {
    mayChange(id, "delete experiment " + id);
    return switch (edits.delete(id, caller.name())) {
      case DELETED -> Response.noContent().build();
      case NOT_FOUND -> throw missing(id);
      case ACTIVE ->
          throw new ClientErrorException(
              "experiment "
                  + id
                  + " has queued or running points; cancel it first (POST /api/experiments/"
                  + id
                  + "/cancel), then delete it",
              Response.Status.CONFLICT);
    };
  }

  /** 404 for an unknown experiment, 403 unless the caller owns it or is an admin. */
  private void mayChange(UUID id, String what) {
    ExperimentSummary experiment = queries.summary(id).orElseThrow(() -> missing(id));
    caller.mayChange(experiment.owner(), what);
  }

  private static NotFoundException missing(UUID id) {
    return new NotFoundException("no experiment " + id);
  }
}
