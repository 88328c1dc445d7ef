package dev.guidelab.experiment;

import dev.guidelab.features.FeatureContract;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ImageShape;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A catalog for image spec tests: the toy's {@code toy-oracle:A}, the given image models, the
 * feature networks {@code pooled} (64-D), {@code pooled-head} (64-D with a 2-class head) and {@code
 * inception}, and reference statistics of them ({@code ref-pooled-computed} and {@code
 * ref-head-computed} keep 10,000 feature vectors, {@code ref-pooled-few} 4, the others none; only
 * {@code ref-head-computed} has a Top-1 class histogram).
 */
final class ImageLookup {

  static final String POOLED_SHA = "ab".repeat(32);

  /** A valid feature space for 3-channel images, to append to an image spec. */
  static final String FEATURES = ", \"features\": \"pooled\", \"reference\": \"ref-pooled\"";

  private static final Map<String, FeatureNetworks.Registered> NETWORKS =
      Map.of(
          "pooled",
          new FeatureNetworks.Registered(
              "pooled",
              POOLED_SHA,
              FeatureContract.uint8Images("pooled", 3, FeatureContract.ForwardCall.TENSOR, 64)),
          "pooled-head",
          new FeatureNetworks.Registered(
              "pooled-head",
              "ef".repeat(32),
              FeatureContract.uint8Images(
                  "pooled-head", 3, FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES, 64, 2)),
          "inception",
          new FeatureNetworks.Registered(
              "inception", "cd".repeat(32), FeatureContract.INCEPTION_V3_2015));

  /** name → (dim, feature network recorded with it). */
  private static final Map<String, Map.Entry<Integer, String>> REFERENCES =
      Map.of(
          "ref-pooled", Map.entry(64, "pooled"),
          "ref-pooled-by-hash", Map.entry(64, POOLED_SHA),
          "ref-pooled-computed", Map.entry(64, POOLED_SHA),
          "ref-pooled-few", Map.entry(64, POOLED_SHA),
          "ref-pooled-2048", Map.entry(2048, "pooled"),
          "ref-inception", Map.entry(2048, "inception"),
          "ref-unknown", Map.entry(64, "unknown"),
          "ref-head-computed", Map.entry(64, "pooled-head"),
          "ref-head-imported", Map.entry(64, "pooled-head"),
          "toy-exact:A", Map.entry(2, "raw"));

  /** Feature vectors stored with a reference (imported ones have none). */
  private static final Map<String, Integer> SAMPLES =
      Map.of("ref-pooled-computed", 10_000, "ref-pooled-few", 4, "ref-head-computed", 10_000);

  private ImageLookup() {}

  /** The catalog with image models {@code images} (name → shape; conditional iff classes > 0). */
  static ModelLookup of(Map<String, ImageShape> images) {
    return new ModelLookup() {
      @Override
      public boolean exists(String id) {
        return id.equals("toy-oracle:A") || images.containsKey(id);
      }

      @Override
      public boolean conditional(String id) {
        return images.containsKey(id) && images.get(id).classes() > 0;
      }

      @Override
      public OptionalInt referenceDim(String name) {
        return REFERENCES.containsKey(name)
            ? OptionalInt.of(REFERENCES.get(name).getKey())
            : OptionalInt.empty();
      }

      @Override
      public Optional<ImageShape> imageShape(String id) {
        return Optional.ofNullable(images.get(id));
      }

      @Override
      public Optional<FeatureNetworks.Registered> featureNetwork(String name) {
        return Optional.ofNullable(NETWORKS.get(name));
      }

      @Override
      public Optional<String> referenceFeatures(String name) {
        return Optional.ofNullable(REFERENCES.get(name)).map(Map.Entry::getValue);
      }

      @Override
      public OptionalInt referenceSamples(String name) {
        return REFERENCES.containsKey(name)
            ? OptionalInt.of(SAMPLES.getOrDefault(name, 0))
            : OptionalInt.empty();
      }

      @Override
      public OptionalInt referenceTop1Classes(String name) {
        return REFERENCES.containsKey(name)
            ? OptionalInt.of(name.equals("ref-head-computed") ? 2 : 0)
            : OptionalInt.empty();
      }
    };
  }
}
