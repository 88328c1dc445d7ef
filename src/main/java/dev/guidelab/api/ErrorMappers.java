package dev.guidelab.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns exceptions into {@link ApiError} bodies: never a stack trace in a response, and never more
 * than a bounded answer ({@link ApiError}, {@link FieldError}).
 */
public class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response invalid(InvalidRequestException e) {
    return json(Response.Status.BAD_REQUEST, new ApiError("invalid request", e.errors()));
  }

  /**
   * 413, and the connection is closed: the rest of the body is not read (a client that sent {@code
   * Expect: 100-continue} never sends it).
   */
  @ServerExceptionMapper
  public Response tooLarge(BodyTooLargeException e) {
    return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("Connection", "close")
        .entity(e.body())
        .build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    Response.StatusType status = e.getResponse().getStatusInfo();
    String message = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
    return json(status, ApiError.of(message));
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("Request failed", e);
    return json(
        Response.Status.INTERNAL_SERVER_ERROR,
        ApiError.of("internal error: " + e.getClass().getSimpleName()));
  }

  private static Response json(Response.StatusType status, ApiError error) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
  }
}
