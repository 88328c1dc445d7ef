package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.metrics.Metric;
import dev.guidelab.models.ImageShape;
import dev.guidelab.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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

  private static final Map<String, ImageShape> IMAGES =
      Map.of(
          "img", new ImageShape(3, 16, 0),
          "img-bad", new ImageShape(3, 16, 0),
          "img-8", new ImageShape(3, 8, 0));

  private final SpecParser parser = new SpecParser(ImageLookup.of(IMAGES));

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
  private static final String FEATURES = ImageLookup.FEATURES;

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
  void imageSpecAsksForEveryFeatureSpaceMetricAgainstAReferenceWithVectorsAndHistogram() {
    List<String> reversed = new ArrayList<>(Metric.wireNames(Metric.allowed(Metric.Domain.IMAGE)));
    Collections.reverse(reversed);
    String metrics = "[\"" + String.join("\", \"", reversed) + "\"]";
    ExperimentSpec spec =
        parser.parse(
            spec(
                "img",
                NONE,
                ", \"features\": \"pooled-head\", \"reference\": \"ref-head-computed\","
                    + " \"metrics\": "
                    + metrics));
    assertEquals(
        Metric.wireNames(Metric.allowed(Metric.Domain.IMAGE)), spec.metrics(), "canonical order");
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

  @Test
  void top1TvWithoutAClassifierHeadOrAReferenceHistogramIsRefusedWhereTheSpecListsIt() {
    List<FieldError> headless =
        refused(
            ", \"features\": \"pooled\", \"reference\": \"ref-pooled-computed\", \"metrics\":"
                + " [\"fd\", \"top1_tv\"]");
    assertEquals(List.of("metrics[1]"), headless.stream().map(FieldError::field).toList());
    assertTrue(
        headless.get(0).message().contains("feature network 'pooled' has none"),
        headless.toString());
    List<FieldError> noHistogram =
        refused(
            ", \"features\": \"pooled-head\", \"reference\": \"ref-head-imported\","
                + " \"metrics\": [\"top1_tv\"]");
    assertEquals(List.of("metrics[0]"), noHistogram.stream().map(FieldError::field).toList());
    assertTrue(
        noHistogram.get(0).message().contains("reference 'ref-head-imported' has none")
            && noHistogram.get(0).message().contains("POST /api/references/compute"),
        noHistogram.toString());
    // The toy's share of class A has no meaning among K image classes: a toy metric.
    List<FieldError> share =
        refused(
            ", \"features\": \"pooled-head\", \"reference\": \"ref-head-computed\","
                + " \"metrics\": [\"top1_a\"]");
    assertTrue(share.get(0).message().contains("is a toy metric"), share.toString());
  }

  /** The errors of an unguided spec of image model {@code img} with {@code extra} fields. */
  private List<FieldError> refused(String extra) {
    return assertThrows(InvalidRequestException.class, () -> parser.parse(spec("img", NONE, extra)))
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
            "time-step guidance"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mismatches")
  void mismatchesAreRejectedByField(
      String problem, String main, String sweep, String extra, String field, String message) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(spec(main, sweep, extra)));
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
