package dev.guidelab.experiment;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * What the spec parser needs to know about the model catalog: which ids exist, and which of them
 * are conditional (take a class condition, {@code Denoiser.conditionDim() > 0}).
 */
public interface ModelLookup {

  /** Whether {@code id} may be used as main or guide. */
  boolean exists(String id);

  /** Whether the existing model {@code id} takes a condition. */
  boolean conditional(String id);

  /**
   * The dimension of the reference statistics named {@code name}, or empty if there are none by
   * that name. This default knows no references.
   */
  default OptionalInt referenceDim(String name) {
    return OptionalInt.empty();
  }

  /** A lookup from two predicates. */
  static ModelLookup of(Predicate<String> exists, Predicate<String> conditional) {
    Objects.requireNonNull(exists, "exists");
    Objects.requireNonNull(conditional, "conditional");
    return new ModelLookup() {
      @Override
      public boolean exists(String id) {
        return exists.test(id);
      }

      @Override
      public boolean conditional(String id) {
        return conditional.test(id);
      }
    };
  }
}
