package dev.guidelab.experiment;

import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ImageShape;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * What the spec parser needs to know about the model catalog: which ids exist, and which of them
 * are conditional (take a class condition, {@code Denoiser.conditionDim() > 0}).
 */
public interface ModelLookup {

  /** Whether {@code id} may be used as main or guide. */
  boolean exists(String id);

  /**
   * Why {@code id}, a post-hoc EMA address ({@code toy-mlp:A-64-4096@ema=0.08}), names no network
   * that can be reconstructed; empty if it does or if {@code id} is no address. This default knows
   * no snapshot families.
   */
  default Optional<String> addressProblem(String id) {
    return Optional.empty();
  }

  /** Whether the existing model {@code id} takes a condition. */
  boolean conditional(String id);

  /**
   * The dimension of the reference statistics named {@code name}, or empty if there are none by
   * that name. This default knows no references.
   */
  default OptionalInt referenceDim(String name) {
    return OptionalInt.empty();
  }

  /**
   * The sample shape of image model {@code id} (a registered TorchScript denoiser), or empty for
   * the 2-D toy's models. This default knows no image models.
   */
  default Optional<ImageShape> imageShape(String id) {
    return Optional.empty();
  }

  /** The feature network registered as {@code name}, if any. This default knows none. */
  default Optional<FeatureNetworks.Registered> featureNetwork(String name) {
    return Optional.empty();
  }

  /**
   * The feature network the reference statistics {@code name} were computed with, as recorded (a
   * network name or content hash, {@code raw} or {@code unknown}); empty if there are none by that
   * name. This default knows no references.
   */
  default Optional<String> referenceFeatures(String name) {
    return Optional.empty();
  }

  /**
   * How many feature vectors are stored with the reference statistics {@code name} for the k-NN and
   * kernel metrics (0 for imported μ and Σ), or empty if there are none by that name. This default
   * knows no references.
   */
  default OptionalInt referenceSamples(String name) {
    return OptionalInt.empty();
  }

  /**
   * The classes K of the Top-1 class histogram stored with the reference statistics {@code name} (0
   * without one: imported μ and Σ, uploaded features, or a network without a classifier head), or
   * empty if there are none by that name. This default knows no references.
   */
  default OptionalInt referenceTop1Classes(String name) {
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
