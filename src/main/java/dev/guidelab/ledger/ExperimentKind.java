package dev.guidelab.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an experiment's points compute; stored in {@code experiment.kind} by its wire name. */
public enum ExperimentKind {
  /** Guided sampling: one point per guidance choice and seed. */
  SWEEP("sweep"),
  /** Training a toy network: one point. */
  TRAIN("train");

  private final String wireName;

  ExperimentKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the API and the database, e.g. {@code sweep}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The kind named {@code name}, if any. */
  public static Optional<ExperimentKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
  }

  /** Every wire name, for messages. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(ExperimentKind::wireName).toList();
  }

  /** The kind stored as {@code name}; fails on a name no kind has. */
  static ExperimentKind stored(String name) {
    return fromWireName(name)
        .orElseThrow(() -> new IllegalStateException("unknown experiment kind " + name));
  }
}
