package dev.guidelab.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error response: what went wrong and, for invalid input, each offending field
 * with what is allowed. Bounded: the text is cut to {@value FieldError#MAX_MESSAGE} characters, and
 * the violations are an {@link InvalidRequestException}'s (at most {@value
 * InvalidRequestException#MAX_LISTED}, each bounded by {@link FieldError}).
 */
@Schema(name = "ApiError", description = "The body of every error response.")
public record ApiError(String error, List<FieldError> violations) {

  public ApiError {
    error = Text.shorten(error, FieldError.MAX_MESSAGE);
    violations = List.copyOf(violations);
  }

  public static ApiError of(String error) {
    return new ApiError(error, List.of());
  }

  /** An answer with {@code status} and this body, for a resource that answers an error itself. */
  public static Response.ResponseBuilder answer(Response.StatusType status, String error) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(of(error));
  }
}
