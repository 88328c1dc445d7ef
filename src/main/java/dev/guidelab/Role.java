package dev.guidelab;

import java.util.Locale;

/**
 * What a Guidelab process does (ARCHITECTURE.md): {@code api} serves REST, SSE and the dashboard
 * and runs the sweeper; {@code worker} consumes work and computes; {@code all} is both (the local
 * default).
 */
public enum Role {
  API,
  WORKER,
  ALL;

  /** The role {@code guidelab.role} names ({@code api}, {@code worker}, {@code all}). */
  public static Role of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "guidelab.role must be one of api, worker, all; got '" + name + "'", e);
    }
  }

  public boolean servesApi() {
    return this != WORKER;
  }

  public boolean computes() {
    return this != API;
  }
}
