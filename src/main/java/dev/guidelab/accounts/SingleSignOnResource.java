package dev.guidelab.accounts;

import dev.guidelab.api.ApiError;
import io.quarkus.oidc.OidcSession;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signing in through the organisation's identity provider (OpenID Connect), when one is configured
 * ({@code quarkus.oidc.*}, docs/accounts.md). Quarkus' authorization code flow guards this one path
 * ({@code quarkus.http.auth.permission.sso}): a browser without its OIDC session is sent to the
 * provider and comes back here signed in. This method turns that identity into a Guidelab user and
 * an ordinary dashboard session, so that everything after it is Guidelab's own accounts.
 */
@Path("/api/session/sso")
@Tag(name = "accounts")
@Produces(MediaType.APPLICATION_JSON)
public class SingleSignOnResource {

  private final Users users;
  private final Sessions sessions;
  private final AuthConfig config;
  private final OidcSession oidc;
  private final boolean enabled;

  public SingleSignOnResource(
      Users users,
      Sessions sessions,
      AuthConfig config,
      OidcSession oidc,
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean enabled) {
    this.users = users;
    this.sessions = sessions;
    this.config = config;
    this.oidc = oidc;
    this.enabled = enabled;
  }

  @GET
  @Operation(
      summary =
          "Sign in through the organisation's identity provider (a browser navigation, when single"
              + " sign-on is configured)")
  @APIResponse(
      responseCode = "303",
      description = "Signed in: the session cookie, and on to the dashboard (/#/).")
  @APIResponse(
      responseCode = "403",
      description = "The provider's user has no valid Guidelab name, or is disabled here.",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response signIn() {
    if (!enabled) {
      throw new NotFoundException("single sign-on is not configured (docs/accounts.md)");
    }
    JsonWebToken idToken = oidc.getIdToken();
    // The provider's tokens are not needed after this: from here, Guidelab's session is the
    // sign-in.
    oidc.logout().await().indefinitely();
    String claim = config.sso().nameClaim();
    Object value = idToken.getClaim(claim);
    String text =
        value instanceof JsonString json ? json.getString() : value == null ? "" : value.toString();
    String name = text.trim().toLowerCase(Locale.ROOT);
    if (!Users.NAME.matcher(name).matches()) {
      return refused(
          "the identity provider's "
              + claim
              + " is not a Guidelab user name: it "
              + Users.NAME_RULE);
    }
    User user = users.findOrCreate(name, config.sso().role());
    if (user.disabled()) {
      return refused("the user " + name + " is disabled in Guidelab");
    }
    Sessions.Opened session = sessions.open(name, config.sessionLifetime());
    return Response.seeOther(URI.create("/#/"))
        .cookie(
            SessionResource.cookie(
                config, session.id(), (int) config.sessionLifetime().toSeconds()))
        .build();
  }

  private static Response refused(String why) {
    return ApiError.answer(Response.Status.FORBIDDEN, why).build();
  }
}
