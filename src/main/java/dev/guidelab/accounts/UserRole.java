package dev.guidelab.accounts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a user may do. Everyone reads everything (a team's history is shared); members also submit,
 * register and manage what they own; admins manage users and may change anything.
 */
@Schema(name = "UserRole")
public enum UserRole {
  ADMIN,
  MEMBER,
  VIEWER;

  /** The role names, as security annotations and the API write them. */
  public static final String ADMIN_NAME = "admin";

  public static final String MEMBER_NAME = "member";

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role called {@code name} ({@code admin}, {@code member}, {@code viewer}), if any. */
  public static Optional<UserRole> of(String name) {
    return Arrays.stream(values()).filter(r -> r.wire().equals(name)).findFirst();
  }

  /** The security roles a user of this role has: an admin is also a member. */
  public java.util.Set<String> grants() {
    return switch (this) {
      case ADMIN -> java.util.Set.of(ADMIN_NAME, MEMBER_NAME);
      case MEMBER -> java.util.Set.of(MEMBER_NAME);
      case VIEWER -> java.util.Set.of();
    };
  }
}
