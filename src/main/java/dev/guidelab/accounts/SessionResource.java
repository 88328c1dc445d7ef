package dev.guidelab.accounts;

import dev.guidelab.api.ApiError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signing in and out of the dashboard, and who one is. Signing in, and asking how one may, are the
 * {@code /api} requests that need no credentials; a wrong name, password or code is answered the
 * same way, and too many in a row with 429.
 */
@Path("/api")
@Tag(name = "accounts", description = "Sign-in, who am I, API tokens, users.")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

  /** Who the caller is, and the csrf token their session's writes send back. */
  @Schema(name = "Me")
  public record Me(
      String name,
      UserRole role,
      Credentials.Via via,
      @Schema(nullable = true, description = "Send in X-Guidelab-CSRF with a session's writes")
          String csrf,
      boolean hasPassword) {}

  /** How one may sign in, for the sign-in page: whether single sign-on is configured. */
  @Schema(name = "SignInOptions")
  public record SignInOptions(
      @Schema(description = "GET /api/session/sso signs in through the identity provider")
          boolean sso) {}

  static final String WRONG = "wrong name or password";

  private final Users users;
  private final Sessions sessions;
  private final SignInThrottle throttle;
  private final AuthConfig config;
  private final Caller caller;
  private final boolean sso;

  public SessionResource(
      Users users,
      Sessions sessions,
      SignInThrottle throttle,
      AuthConfig config,
      Caller caller,
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean sso) {
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
    this.config = config;
    this.caller = caller;
    this.sso = sso;
  }

  @GET
  @Path("session")
  @PermitAll
  @SecurityRequirementsSet // OpenAPI's "no credentials needed"
  @Operation(summary = "How one may sign in: whether single sign-on is configured")
  public SignInOptions signInOptions() {
    return new SignInOptions(sso);
  }

  @POST
  @Path("session")
  @PermitAll
  @SecurityRequirementsSet // OpenAPI's "no credentials needed"
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Sign in: a session cookie for a name and password, or a one-time code")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = Me.class)))
  @APIResponse(
      responseCode = "401",
      description = "Wrong name, password or code (the same answer for each).",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "429",
      description = "Too many failed sign-ins; Retry-After says when to try again.",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response signIn(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      schema =
                          @Schema(
                              type =
                                  org.eclipse.microprofile.openapi.annotations.enums.SchemaType
                                      .OBJECT,
                              description =
                                  "{\"name\": …, \"password\": …} or {\"code\": …} (a sign-in"
                                      + " link's)")))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
      @Context HttpServerRequest http) {
    AccountRequests request =
        AccountRequests.read(body, length, Set.of("name", "password", "code"));
    boolean byCode = request.has("code");
    String code = byCode ? request.text("code", 100, true) : null;
    String name = byCode ? null : request.text("name", 64, true);
    String password = byCode ? null : request.text("password", Secrets.MAX_PASSWORD * 4, true);
    request.check();
    String address = "address:" + http.remoteAddress().hostAddress();
    String[] keys = byCode ? new String[] {address} : new String[] {address, "name:" + name};
    OptionalLong wait = throttle.retryAfter(keys);
    if (wait.isPresent()) {
      return ApiError.answer(
              Response.Status.TOO_MANY_REQUESTS,
              "too many failed sign-ins; try again in " + wait.getAsLong() + " s")
          .header(HttpHeaders.RETRY_AFTER, wait.getAsLong())
          .build();
    }
    Optional<User> user = byCode ? users.redeem(code) : users.signIn(name, password);
    if (user.isEmpty()) {
      throttle.failed(keys);
      return ApiError.answer(
              Response.Status.UNAUTHORIZED,
              byCode ? "this sign-in link was used or has expired" : WRONG)
          .build();
    }
    if (!byCode) {
      throttle.succeeded("name:" + name);
    }
    Sessions.Opened session = sessions.open(user.get().name(), config.sessionLifetime());
    return Response.ok(
            new Me(
                user.get().name(),
                user.get().role(),
                Credentials.Via.SESSION,
                session.csrf(),
                user.get().hasPassword()))
        .cookie(cookie(config, session.id(), (int) config.sessionLifetime().toSeconds()))
        .build();
  }

  @DELETE
  @Path("session")
  @Operation(summary = "Sign out: the session ends and its cookie is cleared")
  @APIResponse(responseCode = "204")
  public Response signOut(@CookieParam(Credentials.COOKIE) String session) {
    if (session != null) {
      sessions.close(session);
    }
    return Response.noContent().cookie(cookie(config, "", 0)).build();
  }

  @GET
  @Path("me")
  @Operation(summary = "Who the caller is, how they are signed in, and their session's csrf token")
  public Me me() {
    Optional<User> user = users.find(caller.name());
    return new Me(
        caller.name(),
        user.map(User::role).orElse(UserRole.ADMIN),
        caller.via(),
        caller.csrf(),
        user.map(User::hasPassword).orElse(false));
  }

  @PUT
  @Path("me/password")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set one's password (the current one is needed if there is one)")
  @APIResponse(responseCode = "204")
  public Response setPassword(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      schema =
                          @Schema(
                              type =
                                  org.eclipse.microprofile.openapi.annotations.enums.SchemaType
                                      .OBJECT,
                              description = "{\"password\": new, \"current\": old if one is set}")))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length) {
    AccountRequests request = AccountRequests.read(body, length, Set.of("password", "current"));
    String password = request.password("password", true);
    String current = request.text("current", Secrets.MAX_PASSWORD * 4, false);
    User user =
        users
            .find(caller.name())
            .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no user " + caller.name()));
    if (user.hasPassword() && current == null) {
      request.fail("current", "required: your current password");
    }
    request.check();
    if (user.hasPassword() && users.signIn(user.name(), current).isEmpty()) {
      return ApiError.answer(Response.Status.FORBIDDEN, "current: not your current password")
          .build();
    }
    users.setPassword(user.name(), Secrets.bcrypt(password));
    return Response.noContent().build();
  }

  /** The session cookie, also set by {@link SingleSignOnResource}. */
  static NewCookie cookie(AuthConfig config, String value, int maxAge) {
    return new NewCookie.Builder(Credentials.COOKIE)
        .value(value)
        .path("/")
        .httpOnly(true)
        .secure(config.secureCookie())
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge(maxAge)
        .build();
  }
}
