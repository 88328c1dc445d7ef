package dev.guidelab.experiment;

import dev.guidelab.accounts.Caller;
import dev.guidelab.accounts.UserRole;
import dev.guidelab.api.RequestBodies;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.ExperimentView;
import dev.guidelab.ledger.Pins;
import dev.guidelab.models.EmaSnapshots;
import dev.guidelab.models.ModelCatalog;
import dev.guidelab.work.TrainingSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/trainings}: trains a toy denoiser through the queue. A training is an experiment
 * of kind {@code train} with one point, so it is listed, streamed ({@code
 * /api/experiments/{id}/events}: loss at every reported iteration), cancelled and retried like any
 * sweep.
 */
@Path("/api/trainings")
@Tag(name = "trainings", description = "Toy networks trained through the queue.")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingResource {

  private final TrainingSpecParser parser;
  private final Submissions submissions;
  private final Caller caller;

  public TrainingResource(
      ModelCatalog models, EmaSnapshots snapshots, Submissions submissions, Caller caller) {
    // A training's final model name is also its snapshot family's (toy-mlp:A-64 is only a family).
    this.parser =
        new TrainingSpecParser(name -> models.exists(name) || !snapshots.family(name).isEmpty());
    this.submissions = submissions;
    this.caller = caller;
  }

  @POST
  @RolesAllowed(UserRole.MEMBER_NAME)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Train a toy network")
  @APIResponse(
      responseCode = "201",
      description = "Stored and queued, an experiment of kind train; Location names it.",
      content = @Content(schema = @Schema(implementation = ExperimentView.class)))
  @APIResponse(
      responseCode = "429",
      description = "Past the caller's quota: the limit, what is in flight, what was asked for.",
      content = @Content(schema = @Schema(implementation = QuotaExceeded.Body.class)))
  public Response submit(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      schema =
                          @Schema(
                              type = SchemaType.OBJECT,
                              description =
                                  "A training spec (docs/spec.md, Training toy networks).")))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
      @Context UriInfo uri) {
    TrainingSpec spec = parser.parse(RequestBodies.spec(body, length));
    return submissions.submit(
        new ExperimentLedger.NewExperiment(
            TrainingSpec.KIND,
            spec.name(),
            caller.name(),
            parser.toJson(spec),
            parser.hash(spec),
            spec,
            Pins.none(),
            List.of(
                new ExperimentLedger.NewPoint(
                    "train " + spec.name(),
                    Map.of("train", spec.name()),
                    spec.seed(),
                    (long) spec.iterations() * spec.batchSize())),
            spec.iterations(),
            spec.priority(),
            false), // a training registers models under its name: never reused
        uri);
  }
}
