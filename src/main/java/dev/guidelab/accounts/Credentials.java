package dev.guidelab.accounts;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How a request says who it is: {@code Authorization: Bearer <token>} (scripts, the Python client)
 * or the session cookie (the dashboard). With accounts off ({@code guidelab.auth.enabled=false},
 * loopback only) a request without credentials acts as the first admin; credentials, when sent,
 * still count, so a script can act as another user on a local Guidelab too.
 *
 * <p>Both kinds are looked up in PostgreSQL by the SHA-256 of the secret ({@link Tokens}, {@link
 * Sessions}), on a worker thread. What a request was authenticated by is an attribute of its
 * identity ({@link #VIA}), which {@link CsrfCheck} reads.
 */
@ApplicationScoped
public class Credentials implements HttpAuthenticationMechanism {

  /** The session cookie's name. */
  public static final String COOKIE = "guidelab_session";

  /** Identity attributes: what authenticated it, the user record, the session's csrf token. */
  static final String VIA = "guidelab.via";

  static final String USER = "guidelab.user";
  static final String CSRF = "guidelab.csrf";

  /** Values of {@link #VIA}: an API token, a dashboard session, or none with accounts off. */
  @Schema(name = "Via")
  public enum Via {
    TOKEN,
    SESSION,
    LOCAL;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final String BEARER = "bearer ";
  private static final String SESSION_TYPE = "guidelab-session";

  static final String CHALLENGE = "Bearer realm=\"guidelab\"";

  /** The scheme named by {@code auth-mechanism} in the HTTP permissions on {@code /api}. */
  private static final String SCHEME = "guidelab";

  private static final HttpCredentialTransport TRANSPORT =
      new HttpCredentialTransport(
          HttpCredentialTransport.Type.AUTHORIZATION, BEARER.trim(), SCHEME);

  /** The answer to a request without (valid) credentials; the same whatever was wrong. */
  static final String UNAUTHORIZED =
      "{\"error\":\"sign in, or send Authorization: Bearer <token> (docs/accounts.md)\","
          + "\"violations\":[]}";

  private final AuthConfig config;

  public Credentials(AuthConfig config) {
    this.config = config;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager ids) {
    String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return Uni.createFrom().failure(new AuthenticationFailedException());
      }
      String token = authorization.substring(BEARER.length()).trim();
      return ids.authenticate(new Request(new TokenCredential(token, BEARER.trim())));
    }
    Cookie cookie = context.request().getCookie(COOKIE);
    if (cookie != null) {
      return ids.authenticate(new Request(new TokenCredential(cookie.getValue(), SESSION_TYPE)));
    }
    if (!config.enabled()) {
      return Uni.createFrom()
          .item(
              QuarkusSecurityIdentity.builder()
                  .setPrincipal(new QuarkusPrincipal(config.adminName()))
                  .addRoles(UserRole.ADMIN.grants())
                  .addAttribute(VIA, Via.LOCAL)
                  .build());
    }
    return Uni.createFrom().optional(Optional.empty());
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
  }

  /** 401 with an {@code ApiError} body, like every other error of the API. */
  @Override
  public Uni<Boolean> sendChallenge(RoutingContext context) {
    if (!context.response().ended()) {
      context
          .response()
          .setStatusCode(401)
          .putHeader("WWW-Authenticate", CHALLENGE)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(UNAUTHORIZED);
    }
    return Uni.createFrom().item(true);
  }

  /**
   * Names this mechanism for path-based selection ({@code
   * quarkus.http.auth.permission.api.auth-mechanism=guidelab}): with single sign-on on, the OpenID
   * Connect mechanism then never answers for the API, only for its one path.
   */
  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom().item(TRANSPORT);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(Request.class);
  }

  /**
   * Guidelab's own credentials, an API token or a session, as a request type of their own. Quarkus
   * hands a request to every identity provider of its exact class, in priority order, and stops at
   * the first failure: with a plain {@code TokenAuthenticationRequest}, {@link Lookup} (priority 0)
   * and the OpenID Connect provider (priority 0 too, in no fixed order) would each be asked about
   * the other's tokens, and {@link Lookup} refusing the provider's ID token made single sign-on
   * fail in some runs and not others.
   */
  public static final class Request extends BaseAuthenticationRequest {

    private final TokenCredential token;

    Request(TokenCredential token) {
      this.token = token;
    }

    public TokenCredential getToken() {
      return token;
    }
  }

  /** Looks tokens and sessions up in the ledger. */
  @ApplicationScoped
  public static class Lookup implements IdentityProvider<Request> {

    private final Tokens tokens;
    private final Sessions sessions;

    public Lookup(Tokens tokens, Sessions sessions) {
      this.tokens = tokens;
      this.sessions = sessions;
    }

    @Override
    public Class<Request> getRequestType() {
      return Request.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
        Request request, AuthenticationRequestContext context) {
      TokenCredential credential = request.getToken();
      String secret = credential.getToken();
      return context.runBlocking(
          () -> {
            // Bounded before it is hashed or looked up: every real secret is ~50 characters.
            if (secret.length() > 200) {
              throw new AuthenticationFailedException();
            }
            if (SESSION_TYPE.equals(credential.getType())) {
              Sessions.Live live =
                  sessions.find(secret).orElseThrow(AuthenticationFailedException::new);
              return identity(live.user(), Via.SESSION).addAttribute(CSRF, live.csrf()).build();
            }
            User user = tokens.authenticate(secret).orElseThrow(AuthenticationFailedException::new);
            return identity(user, Via.TOKEN).build();
          });
    }

    private static QuarkusSecurityIdentity.Builder identity(User user, Via via) {
      return QuarkusSecurityIdentity.builder()
          .setPrincipal(new QuarkusPrincipal(user.name()))
          .addRoles(user.role().grants())
          .addAttribute(VIA, via)
          .addAttribute(USER, user);
    }
  }
}
