package dev.guidelab.ledger;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of points and experiments (ARCHITECTURE.md "States"), with the transition tables as
 * data.
 *
 * <p>A point moves {@code QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED}, and back to {@code
 * QUEUED} when its worker stops heartbeating or an attempt fails with retries left. An experiment's
 * state is derived from its points ({@link #derive}); it never goes back to {@code QUEUED}.
 */
public enum State {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  private static final Map<State, Set<State>> POINT_TRANSITIONS =
      Map.of(
          QUEUED, EnumSet.of(RUNNING, CANCELLED),
          RUNNING, EnumSet.of(QUEUED, COMPLETED, FAILED, CANCELLED),
          COMPLETED, EnumSet.noneOf(State.class),
          FAILED, EnumSet.noneOf(State.class),
          CANCELLED, EnumSet.noneOf(State.class));

  private static final Map<State, Set<State>> EXPERIMENT_TRANSITIONS =
      Map.of(
          // QUEUED → COMPLETED: every point reused a completed point's results at creation.
          QUEUED, EnumSet.of(RUNNING, COMPLETED, CANCELLED),
          RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED),
          COMPLETED, EnumSet.noneOf(State.class),
          FAILED, EnumSet.noneOf(State.class),
          CANCELLED, EnumSet.noneOf(State.class));

  /** Whether nothing more will happen in this state. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** Whether a point may move from this state to {@code to}. */
  public boolean pointMayMoveTo(State to) {
    return POINT_TRANSITIONS.get(this).contains(to);
  }

  /** Whether an experiment may move from this state to {@code to}. */
  public boolean experimentMayMoveTo(State to) {
    return EXPERIMENT_TRANSITIONS.get(this).contains(to);
  }

  /**
   * The experiment state implied by its points: terminal once every point is (FAILED if any failed,
   * else CANCELLED if any was cancelled, else COMPLETED); QUEUED until it has started; else
   * RUNNING.
   *
   * @param counts number of points in each state
   * @param started whether the experiment has started: it is RUNNING already, or one of its points
   *     has been claimed (a point given back by a stopping worker is queued again with no attempt
   *     spent, but its experiment keeps running)
   */
  public static State derive(Map<State, Integer> counts, boolean started) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    int terminal = count(counts, COMPLETED) + count(counts, FAILED) + count(counts, CANCELLED);
    if (total > 0 && terminal == total) {
      if (count(counts, FAILED) > 0) {
        return FAILED;
      }
      return count(counts, CANCELLED) > 0 ? CANCELLED : COMPLETED;
    }
    return started || terminal > 0 ? RUNNING : QUEUED;
  }

  private static int count(Map<State, Integer> counts, State state) {
    return counts.getOrDefault(state, 0);
  }
}
