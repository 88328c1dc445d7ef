package dev.guidelab.accounts;

import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Users and their one-time sign-in codes, in PostgreSQL ({@code app_user}, {@code sign_in_code}).
 */
@ApplicationScoped
public class Users {

  /** What a user name may be: what an owner column, a URL and a log line all show as it is. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  static final String NAME_RULE =
      "must be 1–64 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit";

  private static final String COLUMNS =
      "name, role, created_at, password_hash IS NOT NULL, disabled_at IS NOT NULL";

  private final Transactions tx;

  public Users(Transactions tx) {
    this.tx = tx;
  }

  public boolean any() {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM app_user)");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
          }
        });
  }

  public List<User> list() {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM app_user ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            List<User> users = new ArrayList<>();
            while (rs.next()) {
              users.add(read(rs));
            }
            return users;
          }
        });
  }

  public Optional<User> find(String name) {
    return tx.inTransaction(c -> find(c, name));
  }

  /**
   * Creates a user; 409 when the name is taken. Returns empty when {@code ifNone} and users exist
   * already (the first start of several api instances at once creates one admin).
   */
  public Optional<User> create(
      String name, UserRole role, String passwordHash, String createdBy, boolean ifNone) {
    return tx.inTransaction(
        c -> {
          if (ifNone) {
            // One first admin even when several api instances start together.
            try (PreparedStatement lock =
                c.prepareStatement("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE")) {
              lock.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM app_user LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                return Optional.empty();
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO app_user (name, role, password_hash, created_by) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, role.wire());
            ps.setString(3, passwordHash);
            ps.setString(4, createdBy);
            if (ps.executeUpdate() == 0) {
              throw new ClientErrorException(
                  "a user named " + name + " exists already", Response.Status.CONFLICT);
            }
          }
          return find(c, name);
        });
  }

  /**
   * The user called {@code name}, created with {@code role} and no password if there is none yet
   * (two first sign-ins at once make one user). Nobody created it, so {@code created_by} is null.
   */
  public User findOrCreate(String name, UserRole role) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO app_user (name, role) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, role.wire());
            ps.executeUpdate();
          }
          return find(c, name).orElseThrow();
        });
  }

  /** The user whose password this is, if it is, and who is not disabled. */
  public Optional<User> signIn(String name, String password) {
    String hash = null;
    Optional<User> user = Optional.empty();
    if (NAME.matcher(name).matches()) {
      record Found(User user, String hash) {}
      Optional<Found> found =
          tx.inTransaction(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT " + COLUMNS + ", password_hash FROM app_user WHERE name = ?")) {
                  ps.setString(1, name);
                  try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                        ? Optional.of(new Found(read(rs), rs.getString(6)))
                        : Optional.<Found>empty();
                  }
                }
              });
      if (found.isPresent() && !found.get().user().disabled()) {
        user = Optional.of(found.get().user());
        hash = found.get().hash();
      }
    }
    // Always one bcrypt check, so that an unknown name answers as slowly as a wrong password.
    return Secrets.matches(password, hash) ? user : Optional.empty();
  }

  public void setPassword(String name, String hash) {
    tx.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE app_user SET password_hash = ? WHERE name = ?")) {
            ps.setString(1, hash);
            ps.setString(2, name);
            ps.executeUpdate();
          }
        });
  }

  /** Changes a user's role and whether they are disabled (null: unchanged). */
  public Optional<User> update(String name, UserRole role, Boolean disabled) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE app_user SET role = coalesce(?, role), disabled_at = CASE"
                      + " WHEN ? IS NULL THEN disabled_at WHEN ? THEN coalesce(disabled_at, now())"
                      + " ELSE NULL END WHERE name = ?")) {
            ps.setString(1, role == null ? null : role.wire());
            ps.setObject(2, disabled);
            ps.setObject(3, disabled);
            ps.setString(4, name);
            ps.executeUpdate();
          }
          return find(c, name);
        });
  }

  /** A one-time sign-in code for {@code name}, valid for {@code lifetime}. */
  public String newSignInCode(String name, Duration lifetime) {
    String code = Secrets.random();
    tx.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO sign_in_code (hash, user_name, expires_at) VALUES (?, ?, ?)")) {
            ps.setBytes(1, Secrets.sha256(code));
            ps.setString(2, name);
            ps.setTimestamp(3, Timestamp.from(Instant.now().plus(lifetime)));
            ps.executeUpdate();
          }
        });
    return code;
  }

  /** The user a sign-in code is for, once: the code is used up, valid or not afterwards. */
  public Optional<User> redeem(String code) {
    return tx.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE sign_in_code SET used_at = now() WHERE hash = ? AND used_at IS NULL"
                          + " AND expires_at > now() RETURNING user_name")) {
                ps.setBytes(1, Secrets.sha256(code));
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? find(c, rs.getString(1)) : Optional.<User>empty();
                }
              }
            })
        .filter(u -> !u.disabled());
  }

  private static Optional<User> find(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM app_user WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  static User read(ResultSet rs) throws SQLException {
    return new User(
        rs.getString(1),
        UserRole.of(rs.getString(2)).orElseThrow(),
        rs.getTimestamp(3).toInstant(),
        rs.getBoolean(4),
        rs.getBoolean(5));
  }
}
