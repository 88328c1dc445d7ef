package dev.guidelab.accounts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Accounts: whether requests need credentials, the first admin, sessions and sign-in limits. */
@ConfigMapping(prefix = "guidelab.auth")
public interface AuthConfig {

  /**
   * Whether every {@code /api} request needs credentials. Off is allowed only while the HTTP server
   * listens on a loopback address ({@link AccountsAtStart} refuses to start otherwise); then a
   * request without credentials acts as the first admin.
   */
  @WithDefault("true")
  boolean enabled();

  /** Name of the admin account created on the first start (when there are no users). */
  @WithDefault("admin")
  String adminName();

  /**
   * Password of that first admin (from a secret: {@code GUIDELAB_AUTH_ADMIN_PASSWORD}); none by
   * default: the admin signs in with the one-time link printed at the first start.
   */
  Optional<String> adminPassword();

  /** How long a dashboard session lasts. */
  @WithDefault("7d")
  Duration sessionLifetime();

  /** How long a one-time sign-in link (first start, new users) stays valid. */
  @WithDefault("24h")
  Duration signInLinkLifetime();

  /** Failed sign-ins allowed per user name and per client address within {@link #signInWindow}. */
  @WithDefault("5")
  int signInAttempts();

  @WithDefault("15m")
  Duration signInWindow();

  /** Whether the session cookie is {@code Secure} (sent over HTTPS only): on behind TLS. */
  @WithDefault("false")
  boolean secureCookie();

  /** Single sign-on: how an identity provider's user becomes a Guidelab user. */
  Sso sso();

  /**
   * The identity provider itself is {@code quarkus.oidc.*}; single sign-on is on when {@code
   * quarkus.oidc.tenant-enabled} is.
   */
  interface Sso {

    /** The ID token's claim whose value, lower-cased, is the user's name ({@link Users#NAME}). */
    @WithDefault("preferred_username")
    String nameClaim();

    /** The role of a user created at their first single sign-on. */
    @WithDefault("member")
    UserRole role();
  }
}
