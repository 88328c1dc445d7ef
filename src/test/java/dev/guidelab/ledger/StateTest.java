package dev.guidelab.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateTest {

  private static final Set<String> POINT_MOVES =
      Set.of(
          "QUEUED>RUNNING",
          "QUEUED>CANCELLED",
          "RUNNING>QUEUED",
          "RUNNING>COMPLETED",
          "RUNNING>FAILED",
          "RUNNING>CANCELLED");

  private static final Set<String> EXPERIMENT_MOVES =
      Set.of(
          "QUEUED>RUNNING",
          "QUEUED>COMPLETED", // every point reused at creation
          "QUEUED>CANCELLED",
          "RUNNING>COMPLETED",
          "RUNNING>FAILED",
          "RUNNING>CANCELLED");

  @Test
  void everyPointTransitionPairIsAllowedExactlyWhenTheDesignSaysSo() {
    for (State from : State.values()) {
      for (State to : State.values()) {
        assertEquals(
            POINT_MOVES.contains(from + ">" + to),
            from.pointMayMoveTo(to),
            "point " + from + " → " + to);
      }
    }
  }

  @Test
  void everyExperimentTransitionPairIsAllowedExactlyWhenTheDesignSaysSo() {
    for (State from : State.values()) {
      for (State to : State.values()) {
        assertEquals(
            EXPERIMENT_MOVES.contains(from + ">" + to),
            from.experimentMayMoveTo(to),
            "experiment " + from + " → " + to);
      }
    }
  }

  @Test
  void terminalStatesAreExactlyCompletedFailedCancelled() {
    for (State state : State.values()) {
      assertEquals(
          Set.of(State.COMPLETED, State.FAILED, State.CANCELLED).contains(state),
          state.isTerminal());
    }
  }

  @Test
  void experimentStateIsDerivedFromItsPoints() {
    assertEquals(State.QUEUED, State.derive(counts(State.QUEUED, 3), false));
    // A point went back to the queue after a lost heartbeat: the experiment has started all the
    // same.
    assertEquals(State.RUNNING, State.derive(counts(State.QUEUED, 3), true));
    assertEquals(State.RUNNING, State.derive(counts(State.QUEUED, 2, State.RUNNING, 1), true));
    assertEquals(State.RUNNING, State.derive(counts(State.QUEUED, 2, State.COMPLETED, 1), true));
    assertEquals(State.COMPLETED, State.derive(counts(State.COMPLETED, 3), true));
    assertEquals(State.FAILED, State.derive(counts(State.COMPLETED, 2, State.FAILED, 1), true));
    assertEquals(
        State.CANCELLED, State.derive(counts(State.COMPLETED, 2, State.CANCELLED, 1), true));
    assertEquals(State.FAILED, State.derive(counts(State.CANCELLED, 2, State.FAILED, 1), true));
    assertEquals(State.CANCELLED, State.derive(counts(State.CANCELLED, 3), false));
  }

  private static Map<State, Integer> counts(Object... stateThenCount) {
    Map<State, Integer> counts = new EnumMap<>(State.class);
    for (int i = 0; i < stateThenCount.length; i += 2) {
      counts.put((State) stateThenCount[i], (Integer) stateThenCount[i + 1]);
    }
    return counts;
  }
}
