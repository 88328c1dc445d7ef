package dev.guidelab.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * API tokens ({@code api_token}): random, named, revocable; stored as their SHA-256 only, so the
 * token itself exists only in the answer that created it.
 */
@ApplicationScoped
public class Tokens {

  /** A token as listed: never the secret. */
  @Schema(name = "TokenInfo")
  public record Token(
      UUID id, String name, Instant createdAt, @Schema(nullable = true) Instant lastUsedAt) {}

  /** A token just created: the only answer that carries the secret. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "NewToken")
  public record Created(
      UUID id,
      String name,
      Instant createdAt,
      @Schema(nullable = true) Instant lastUsedAt,
      @Schema(description = "The token; shown once, not stored") String token) {}

  private final Transactions tx;

  public Tokens(Transactions tx) {
    this.tx = tx;
  }

  public Created create(String user, String name) {
    String secret = Secrets.token();
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    tx.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO api_token (id, user_name, name, hash, created_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, user);
            ps.setString(3, name);
            ps.setBytes(4, Secrets.sha256(secret));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
          }
        });
    return new Created(id, name, now, null, secret);
  }

  /** A user's tokens that still work, newest first. */
  public List<Token> of(String user) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, name, created_at, last_used_at FROM api_token"
                      + " WHERE user_name = ? AND revoked_at IS NULL ORDER BY created_at DESC")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
              List<Token> tokens = new ArrayList<>();
              while (rs.next()) {
                Timestamp used = rs.getTimestamp(4);
                tokens.add(
                    new Token(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        used == null ? null : used.toInstant()));
              }
              return tokens;
            }
          }
        });
  }

  /** The owner of token {@code id}, if it exists and works. */
  public Optional<String> owner(UUID id) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT user_name FROM api_token WHERE id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  public void revoke(UUID id) {
    tx.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE api_token SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, id);
            ps.executeUpdate();
          }
        });
  }

  /**
   * The user a token belongs to, if it works (not revoked, its user not disabled). Records when it
   * was used, at most once a minute per token, so that a busy script does not write every request.
   */
  public Optional<User> authenticate(String secret) {
    byte[] hash = Secrets.sha256(secret);
    return tx.inTransaction(
        c -> {
          try (PreparedStatement touch =
              c.prepareStatement(
                  "UPDATE api_token SET last_used_at = now() WHERE hash = ? AND revoked_at IS NULL"
                      + " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")) {
            touch.setBytes(1, hash);
            touch.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT u.name, u.role, u.created_at, u.password_hash IS NOT NULL, false"
                      + " FROM api_token t JOIN app_user u ON u.name = t.user_name"
                      + " WHERE t.hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(Users.read(rs)) : Optional.<User>empty();
            }
          }
        });
  }
}
