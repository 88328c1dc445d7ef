package dev.guidelab;

/**
 * What a Guidelab process does (ARCHITECTURE.md): {@code api} serves REST, SSE and the dashboard
 * and runs the sweeper; {@code worker} consumes work and computes; {@code all} is both (the local
 * default).
 */
public enum Role {
  API,
  WORKER,
  ALL;

  public boolean servesApi() {
    return this != WORKER;
  }

  public boolean computes() {
    return this != API;
  }
}
