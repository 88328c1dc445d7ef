package dev.guidelab.accounts;

import java.time.Instant;

/**
 * A user of this Guidelab.
 *
 * @param name unique, lower case ({@link Users#NAME})
 * @param hasPassword false for a user who signs in with a link or uses tokens only
 * @param disabled a disabled user's tokens and sessions no longer work
 */
public record User(
    String name, UserRole role, Instant createdAt, boolean hasPassword, boolean disabled) {}
