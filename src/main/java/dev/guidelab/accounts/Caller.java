package dev.guidelab.accounts;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.ForbiddenException;

/**
 * Who sent the request being served, for the resources: the name that becomes an owner, and the
 * rule that only an owner or an admin changes a thing.
 */
@RequestScoped
public class Caller {

  private final SecurityIdentity identity;

  public Caller(SecurityIdentity identity) {
    this.identity = identity;
  }

  /** The signed-in user's name (with accounts off and no credentials, the first admin's). */
  public String name() {
    return identity.getPrincipal().getName();
  }

  public boolean isAdmin() {
    return identity.hasRole(UserRole.ADMIN_NAME);
  }

  public Credentials.Via via() {
    return identity.getAttribute(Credentials.VIA);
  }

  /** The session's csrf token, or null when the request did not come with a session. */
  public String csrf() {
    return identity.getAttribute(Credentials.CSRF);
  }

  /**
   * Goes on only if the caller may change what {@code owner} owns: they own it, or are an admin.
   *
   * @param what what is being changed, for the message, e.g. "cancel experiment 1f…"
   * @throws ForbiddenException (403) otherwise
   */
  public void mayChange(String owner, String what) {
    if (!isAdmin() && !name().equals(owner)) {
      throw new ForbiddenException(
          "only its owner (" + owner + ") or an admin may " + what + "; you are " + name());
    }
  }
}
