package dev.guidelab.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/experiments/{id}/events}: server-sent events of one experiment. The first event,
 * {@code snapshot}, is the experiment as the ledger has it; then every progress event ({@code
 * claimed}, {@code partial}, {@code completed}, {@code failed}, {@code cancelled}, {@code
 * requeued}) as it happens. The stream ends once the experiment has ended.
 */
@Path("/api/experiments/{id}/events")
@Tag(name = "experiments")
public class ProgressStream {

  private final ProgressHub hub;
  private final ExperimentQueries queries;
  private final ObjectMapper json;

  public ProgressStream(ProgressHub hub, ExperimentQueries queries, ObjectMapper json) {
    this.hub = hub;
    this.queries = queries;
    this.json = json;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Follow an experiment as server-sent events")
  @APIResponse(
      responseCode = "200",
      description =
          "Each event's data is one JSON object. First `snapshot`, the experiment as `GET"
              + " /api/experiments/{id}` answers (ExperimentView); then, as they happen, the"
              + " progress events, each named as its `type`: `claimed` (PointClaimed), `partial`"
              + " (PartialMetrics), `completed` (PointCompleted), `failed` (PointFailed),"
              + " `cancelled` (PointCancelled), `requeued` (PointRequeued). The stream ends once"
              + " the experiment has ended.",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              schema =
                  @Schema(
                      oneOf = {
                        ExperimentView.class,
                        ProgressEvent.PointClaimed.class,
                        ProgressEvent.PartialMetrics.class,
                        ProgressEvent.PointCompleted.class,
                        ProgressEvent.PointFailed.class,
                        ProgressEvent.PointCancelled.class,
                        ProgressEvent.PointRequeued.class
                      })))
  @Blocking // checks that the experiment exists before the stream starts, so a wrong id is a 404
  public Multi<OutboundSseEvent> events(@PathParam("id") UUID id, @Context Sse sse) {
    if (queries.find(id).isEmpty()) {
      throw new NotFoundException("no experiment " + id);
    }
    return Multi.createFrom()
        .emitter(
            emitter -> {
              // Listen first, then read the snapshot: events in between are buffered, none is lost.
              ProgressHub.Listener listener = hub.listen(id, emitter);
              Infrastructure.getDefaultWorkerPool()
                  .execute(
                      () -> {
                        try {
                          ExperimentView snapshot = queries.find(id).orElseThrow();
                          emitter.emit(snapshot);
                          if (snapshot.state().isTerminal()) {
                            listener.end();
                          } else {
                            listener.snapshotSent();
                          }
                        } catch (RuntimeException e) {
                          emitter.fail(e);
                        }
                      });
            })
        .map(item -> toSse(sse, item));
  }

  private OutboundSseEvent toSse(Sse sse, Object item) {
    try {
      String name;
      String data;
      if (item instanceof ProgressEvent event) {
        name = event.type();
        data = json.writerFor(ProgressEvent.class).writeValueAsString(event);
      } else {
        name = "snapshot";
        data = json.writeValueAsString(item);
      }
      return sse.newEventBuilder()
          .name(name)
          .mediaType(MediaType.TEXT_PLAIN_TYPE)
          .data(data)
          .build();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
