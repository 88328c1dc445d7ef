package dev.guidelab.accounts;

import dev.guidelab.api.ApiError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Credentials that do not work (401) and a role that may not do what was asked (403), answered with
 * an {@link ApiError} like every other error.
 */
public class AccessErrors {

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthorized() {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header("WWW-Authenticate", Credentials.CHALLENGE)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Credentials.UNAUTHORIZED)
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return ApiError.answer(
            Response.Status.FORBIDDEN,
            "your role may not do this: writes need the member or admin role, managing users"
                + " the admin role (a viewer reads only)")
        .build();
  }
}
