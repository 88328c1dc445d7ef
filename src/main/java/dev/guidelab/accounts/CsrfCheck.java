package dev.guidelab.accounts;

import dev.guidelab.api.ApiError;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cross-site request forgery: a browser sends the session cookie with any request to this origin,
 * including one a page elsewhere makes it send. The cookie is {@code SameSite=Strict}, and, as a
 * second line, a write authenticated by the cookie must also carry the session's csrf token in
 * {@value #HEADER}, which only a page of this origin can read ({@code GET /api/me}). Requests with
 * a token in {@code Authorization} are not sent by browsers on their own, so they need none.
 */
public class CsrfCheck {

  public static final String HEADER = "X-Guidelab-CSRF";

  private static final Set<String> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final Caller caller;

  public CsrfCheck(Caller caller) {
    this.caller = caller;
  }

  @ServerRequestFilter
  public Response check(ContainerRequestContext request) {
    if (!WRITES.contains(request.getMethod())
        || request.getSecurityContext().getUserPrincipal() == null
        || caller.via() != Credentials.Via.SESSION) {
      return null;
    }
    String sent = request.getHeaderString(HEADER);
    if (sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8),
            caller.csrf().getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    return ApiError.answer(
            Response.Status.FORBIDDEN,
            "a write signed in by the session cookie must send its csrf token in "
                + HEADER
                + " (GET /api/me has it)")
        .build();
  }
}
