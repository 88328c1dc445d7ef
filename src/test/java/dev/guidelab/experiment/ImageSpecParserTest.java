package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureNetworks;
import dev.guidelab.metrics.FeatureSpaceMetrics;
import dev.guidelab.models.ImageShape;
import dev.guidelab.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The feature space of a spec: image models need a registered feature network and reference
 * statistics of that network; the toy keeps its raw 2-D space; mismatches fail by field.
 */
class ImageSpecParserTest {

  private static final String POOLED_SHA = "ab".repeat(32);

  private static final Map<String, ImageShape> IMAGES =
      Map.of(
          "img", new ImageShape(3, 16, 0),
          "img-bad", new ImageShape(3, 16, 0),
          "img-8", new ImageShape(3, 8, 0),
          "img-cond", new ImageShape(3, 16, 2));

  private static final Map<String, FeatureNetworks.Registered> NETWORKS =
      Map.of(
          "pooled",
          new FeatureNetworks.Registered(
              "pooled",
              POOLED_SHA,
              FeatureContract.uint8Images("pooled", 3, FeatureContract.ForwardCall.TENSOR, 64)),
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
          "toy-exact:A", Map.entry(2, "raw"));

  /** Feature vectors stored with a reference (imported ones have none). */
  private static final Map<String, Integer> SAMPLES =
      Map.of("ref-pooled-computed", 10_000, "ref-pooled-few", 4);

  private static final ModelLookup LOOKUP =
      new ModelLookup() {
        @Override
        public boolean exists(String id) {
          return id.equals("toy-oracle:A") || IMAGES.containsKey(id);
        }

        @Override
        public boolean conditional(String id) {
          return IMAGES.containsKey(id) && IMAGES.get(id).classes() > 0;
        }

        @Override
        public OptionalInt referenceDim(String name) {
          return REFERENCES.containsKey(name)
              ? OptionalInt.of(REFERENCES.get(name).getKey())
              : OptionalInt.empty();
        }

        @Override
        public Optional<ImageShape> imageShape(String id) {
          return Optional.ofNullable(IMAGES.get(id));
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
      };

  private final SpecParser parser = new SpecParser(LOOKUP);

  private static String spec(String main, String sweep, String extra) {
    return "{\"name\": \"images\", \"main\": \""
        + main
        + "\", \"sweep\": "
        + sweep
        + ", \"samples\": 100"
        + extra
        + "}";
  }

  private static final String NONE = "[{\"method\": \"none\"}]";
  private static final String FEATURES =
      ", \"features\": \"pooled\", \"reference\": \"ref-pooled\"";

  @Test
  void imageSpecMeasuresInItsFeatureNetworkWithFeatureSpaceMetricsByDefault() {
    ExperimentSpec spec =
        parser.parse(
            spec(
                "img",
                "[{\"method\": \"none\"}, {\"method\": \"autoguidance\", \"guide\": \"img-bad\","
                    + " \"weights\": [2]}]",
                FEATURES));
    assertEquals("pooled", spec.features());
    assertEquals("ref-pooled", spec.reference());
    assertEquals(List.of("fd", "fd_debiased"), spec.metrics());
    assertEquals(SamplerSettings.imageDefaults(), spec.sampler(), "EDM's image schedule, σ_max 80");
    assertEquals(
        new SamplerSettings(64, 0.002, 80, 7, 2, 0, 0, 80, 1, SamplerSettings.Start.NOISE),
        parser.parse(spec("img", NONE, FEATURES + ", \"sampler\": {\"steps\": 64}")).sampler());
    assertEquals(spec, parser.parse(parser.toJson(spec)), "canonical JSON round-trips");
    assertTrue(parser.toJson(spec).contains("\"features\":\"pooled\",\"reference\""));
    // A reference may record its network by content hash.
    assertEquals(
        "ref-pooled-by-hash",
        parser
            .parse(
                spec(
                    "img",
                    NONE,
                    ", \"features\": \"pooled\", \"reference\": \"ref-pooled-by-hash\""))
            .reference());
  }

  @Test
  void imageSpecAsksForEveryFeatureSpaceMetricAgainstAReferenceWithStoredVectors() {
    List<String> reversed = new ArrayList<>(FeatureSpaceMetrics.NAMES);
    Collections.reverse(reversed);
    String metrics = "[\"" + String.join("\", \"", reversed) + "\"]";
    ExperimentSpec spec =
        parser.parse(
            spec(
                "img",
                NONE,
                ", \"features\": \"pooled\", \"reference\": \"ref-pooled-computed\","
                    + " \"metrics\": "
                    + metrics));
    assertEquals(FeatureSpaceMetrics.NAMES, spec.metrics(), "canonical order");
    // FD∞ needs μ and Σ only, so imported statistics do.
    assertEquals(
        List.of("fd", "fd_infinity"),
        parser
            .parse(spec("img", NONE, FEATURES + ", \"metrics\": [\"fd_infinity\", \"fd\"]"))
            .metrics());
  }

  @Test
  void knnMetricsAgainstImportedStatisticsAreRefusedWhereTheSpecListsThem() {
    List<FieldError> imported =
        refused(FEATURES + ", \"metrics\": [\"fd\", \"fd_infinity\", \"kid\", \"precision\"]");
    assertEquals(
        List.of("metrics[2]", "metrics[3]"), imported.stream().map(FieldError::field).toList());
    String message = imported.get(0).message();
    assertTrue(
        message.contains("'kid' compares generated features")
            && message.contains("reference 'ref-pooled' keeps none")
            && message.contains("POST /api/references/compute"),
        message);
    List<FieldError> few =
        refused(
            ", \"features\": \"pooled\", \"reference\": \"ref-pooled-few\", \"metrics\":"
                + " [\"coverage\"]");
    assertTrue(few.get(0).message().contains("keeps only 4 (at least 6"), few.toString());
  }

  /** The errors of an unguided spec of image model {@code img} with {@code extra} fields. */
  private List<FieldError> refused(String extra) {
    return assertThrows(InvalidSpecException.class, () -> parser.parse(spec("img", NONE, extra)))
        .errors();
  }

  @Test
  void toySpecKeepsTheRawSpaceAndRawIsTheSameAsAbsent() {
    ExperimentSpec absent = parser.parse(spec("toy-oracle:A", NONE, ""));
    ExperimentSpec raw = parser.parse(spec("toy-oracle:A", NONE, ", \"features\": \"raw\""));
    assertNull(raw.features());
    assertEquals(absent, raw);
    assertEquals(parser.hash(absent), parser.hash(raw));
  }

  static Stream<Arguments> mismatches() {
    return Stream.of(
        bad(
            "image model without features",
            "img",
            NONE,
            ", \"reference\": \"ref-pooled\"",
            "features",
            "required for image model 'img'"),
        bad(
            "image model in the raw space",
            "img",
            NONE,
            ", \"features\": \"raw\", \"reference\": \"ref-pooled\"",
            "features",
            "'raw' is the 2-D toy's space"),
        bad(
            "toy model with a feature network",
            "toy-oracle:A",
            NONE,
            ", \"features\": \"pooled\"",
            "features",
            "samples the 2-D toy"),
        bad(
            "unknown feature network",
            "img",
            NONE,
            ", \"features\": \"nope\", \"reference\": \"ref-pooled\"",
            "features",
            "unknown feature network 'nope'"),
        bad(
            "toy metric on an image model",
            "img",
            NONE,
            FEATURES + ", \"metrics\": [\"fd\", \"log_likelihood\"]",
            "metrics[1]",
            "'log_likelihood' is a toy metric"),
        bad(
            "image model without reference",
            "img",
            NONE,
            ", \"features\": \"pooled\"",
            "reference",
            "required for image models"),
        bad(
            "reference of another network",
            "img",
            NONE,
            ", \"features\": \"pooled\", \"reference\": \"ref-inception\"",
            "reference",
            "computed with feature network 'inception', not 'pooled'"),
        bad(
            "reference of an unknown network",
            "img",
            NONE,
            ", \"features\": \"pooled\", \"reference\": \"ref-unknown\"",
            "reference",
            "computed with feature network 'unknown'"),
        bad(
            "reference of another dimension",
            "img",
            NONE,
            ", \"features\": \"pooled\", \"reference\": \"ref-pooled-2048\"",
            "reference",
            "is 2048-D; feature network 'pooled' gives 64-D"),
        bad(
            "toy guide for an image model",
            "img",
            "[{\"method\": \"autoguidance\", \"guide\": \"toy-oracle:A\", \"weights\": [2]}]",
            FEATURES,
            "sweep[0]",
            "guide 'toy-oracle:A' is a 2-D toy model"),
        bad(
            "guide of another resolution",
            "img",
            "[{\"method\": \"autoguidance\", \"guide\": \"img-8\", \"weights\": [2]}]",
            FEATURES,
            "sweep[0]",
            "makes 3×8×8 images"),
        bad(
            "time-step guidance",
            "img",
            "[{\"method\": \"tsg\", \"scale\": 1, \"alpha\": 1, \"weights\": [2]}]",
            FEATURES,
            "sweep[0].method",
            "time-step guidance"),
        bad(
            "class-conditional image model",
            "img-cond",
            NONE,
            FEATURES,
            "main",
            "class-conditional image models"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mismatches")
  void mismatchesAreRejectedByField(
      String problem, String main, String sweep, String extra, String field, String message) {
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> parser.parse(spec(main, sweep, extra)));
    FieldError error =
        e.errors().stream()
            .filter(f -> f.field().equals(field))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(problem + ": no error on " + field + ": " + e.errors()));
    assertTrue(error.message().contains(message), problem + ": " + error.message());
  }

  private static Arguments bad(
      String problem, String main, String sweep, String extra, String field, String message) {
    return Arguments.of(problem, main, sweep, extra, field, message);
  }
}
