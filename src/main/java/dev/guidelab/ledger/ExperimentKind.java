package dev.guidelab.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * What an experiment's points compute, e.g. {@code sweep}, {@code train}, {@code reference}; stored
 * in {@code experiment.kind}. The kinds are declared by the types of work they carry (the records
 * of {@code dev.guidelab.work}), and each is computed by one class of the worker, so the ledger
 * holds no list of them.
 *
 * @param name lower-case letters, digits and {@code -}
 */
public record ExperimentKind(@JsonValue String name) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  @JsonCreator
  public ExperimentKind {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an experiment kind is lower-case letters, digits and '-', got " + name);
    }
  }

  /** Whether {@code name} can be a kind's name. */
  public static boolean wellFormed(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  @Override
  public String toString() {
    return name;
  }
}
