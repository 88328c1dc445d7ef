package dev.guidelab.accounts;

import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Dashboard sessions ({@code user_session}): a random id in an HttpOnly cookie, stored as its
 * SHA-256, with the CSRF token that cookie-authenticated writes must send back.
 */
@ApplicationScoped
public class Sessions {

  /** A session just opened: its id goes into the cookie, its csrf token to the page. */
  public record Opened(String id, String csrf, Instant expiresAt) {}

  /** A live session's user and csrf token. */
  public record Live(User user, String csrf) {}

  private final Transactions tx;

  public Sessions(Transactions tx) {
    this.tx = tx;
  }

  public Opened open(String user, Duration lifetime) {
    String id = Secrets.random();
    String csrf = Secrets.random();
    Instant expires = Instant.now().plus(lifetime);
    tx.run(
        c -> {
          // Expired sessions go as new ones come, so the table holds live ones only.
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM user_session WHERE expires_at < now()")) {
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO user_session (hash, user_name, csrf, expires_at) VALUES (?, ?, ?, ?)")) {
            ps.setBytes(1, Secrets.sha256(id));
            ps.setString(2, user);
            ps.setString(3, csrf);
            ps.setTimestamp(4, Timestamp.from(expires));
            ps.executeUpdate();
          }
        });
    return new Opened(id, csrf, expires);
  }

  /** The session with this id, if it is live and its user not disabled. */
  public Optional<Live> find(String id) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT u.name, u.role, u.created_at, u.password_hash IS NOT NULL, false, s.csrf"
                      + " FROM user_session s JOIN app_user u ON u.name = s.user_name"
                      + " WHERE s.hash = ? AND s.expires_at > now() AND u.disabled_at IS NULL")) {
            ps.setBytes(1, Secrets.sha256(id));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Live(Users.read(rs), rs.getString(6)))
                  : Optional.<Live>empty();
            }
          }
        });
  }

  public void close(String id) {
    tx.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM user_session WHERE hash = ?")) {
            ps.setBytes(1, Secrets.sha256(id));
            ps.executeUpdate();
          }
        });
  }
}
