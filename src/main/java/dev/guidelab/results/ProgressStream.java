package dev.guidelab.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 *
 * <p>Every event has an {@code id}. A request with {@code Last-Event-ID} (as an EventSource sends
 * when it reconnects) continues after that event, with no snapshot, when this instance still keeps
 * every event after it ({@link ProgressHub#resume}); otherwise, or when the experiment has ended,
 * it starts afresh with a snapshot.
 */
@Path("/api/experiments/{id}/events")
@Tag(name = "experiments")
public class ProgressStream {

  /** The request header an EventSource sends on reconnecting. */
  public static final String LAST_EVENT_ID = "Last-Event-ID";

  /** The snapshot a stream starts with, numbered like the events after it. */
  private record Snapshot(long position, ExperimentView view) {}

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
  public Multi<OutboundSseEvent> events(
      @PathParam("id") UUID id, @HeaderParam(LAST_EVENT_ID) String lastEventId, @Context Sse sse) {
    ExperimentView now =
        queries.find(id).orElseThrow(() -> new NotFoundException("no experiment " + id));
    // An ended experiment's stream is its final snapshot; an id the hub cannot resume from
    // exactly (another instance's, too old, garbage) starts afresh too.
    boolean mayResume = lastEventId != null && !now.state().isTerminal();
    return Multi.createFrom()
        .emitter(
            (MultiEmitter<? super Object> emitter) -> {
              if (mayResume && hub.resume(id, emitter, lastEventId).isPresent()) {
                return;
              }
              // Listen first, then read the snapshot: events in between are buffered, none is lost.
              ProgressHub.Listener listener = hub.listen(id, emitter);
              Infrastructure.getDefaultWorkerPool()
                  .execute(() -> sendSnapshot(id, listener, emitter));
            })
        .map(item -> toSse(sse, item));
  }

  private void sendSnapshot(
      UUID id, ProgressHub.Listener listener, MultiEmitter<? super Object> emitter) {
    try {
      ExperimentView snapshot = queries.find(id).orElseThrow();
      emitter.emit(new Snapshot(listener.position(), snapshot));
      if (snapshot.state().isTerminal()) {
        listener.end();
      } else {
        listener.snapshotSent();
      }
    } catch (RuntimeException e) {
      emitter.fail(e);
    }
  }

  /** No media type on the event: it would go out as a {@code content-type:} field line. */
  private OutboundSseEvent toSse(Sse sse, Object item) {
    try {
      if (item instanceof ProgressHub.Numbered numbered) {
        return sse.newEventBuilder()
            .id(hub.eventId(numbered.seq()))
            .name(numbered.event().type())
            .data(json.writerFor(ProgressEvent.class).writeValueAsString(numbered.event()))
            .build();
      }
      Snapshot snapshot = (Snapshot) item;
      return sse.newEventBuilder()
          .id(hub.eventId(snapshot.position()))
          .name("snapshot")
          .data(json.writeValueAsString(snapshot.view()))
          .build();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
