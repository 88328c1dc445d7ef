package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.Metric.Domain;
import dev.guidelab.models.ImageShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A spec's {@code metrics} is read against the metric registry: what is allowed, the defaults, the
 * canonical order and which metrics need the reference's own samples all come from {@link Metric}.
 */
class MetricsSectionTest {

  private final SpecParser parser =
      new SpecParser(ImageLookup.of(Map.of("img", new ImageShape(3, 16, 0))));

  private static String toy(String metrics) {
    return "{\"name\": \"toy\", \"main\": \"toy-oracle:A\", \"sweep\": [{\"method\": \"none\"}],"
        + " \"samples\": 100"
        + (metrics == null ? "" : ", \"metrics\": " + metrics)
        + "}";
  }

  private static String image(String reference, String metrics) {
    return "{\"name\": \"img\", \"main\": \"img\", \"sweep\": [{\"method\": \"none\"}],"
        + " \"samples\": 100, \"features\": \"pooled\", \"reference\": \""
        + reference
        + "\""
        + (metrics == null ? "" : ", \"metrics\": " + metrics)
        + "}";
  }

  private static String array(List<String> names) {
    return "[\"" + String.join("\", \"", names) + "\"]";
  }

  private List<FieldError> refused(String json) {
    return assertThrows(InvalidRequestException.class, () -> parser.parse(json)).errors();
  }

  @Test
  void defaultsAndCanonicalOrderComeFromTheRegistry() {
    assertEquals(Metric.wireNames(Metric.defaults(Domain.TOY)), parser.parse(toy(null)).metrics());
    assertEquals(
        Metric.wireNames(Metric.defaults(Domain.IMAGE)),
        parser.parse(image("ref-pooled", null)).metrics());
    List<String> reversed = new ArrayList<>(Metric.wireNames(List.of(Metric.values())));
    Collections.reverse(reversed);
    assertEquals(
        Metric.wireNames(List.of(Metric.values())),
        parser.parse(toy(array(reversed))).metrics(),
        "every metric, in the registry's order");
  }

  @Test
  void theAllowedListsInMessagesAreTheRegistrysPerModelKind() {
    assertEquals(
        List.of(
            new FieldError(
                "metrics[0]",
                "unknown metric 'fid'; allowed: "
                    + String.join(", ", Metric.wireNames(Metric.allowed(Domain.TOY))))),
        refused(toy("[\"fid\"]")));
    List<String> toyOnly =
        Arrays.stream(Metric.values())
            .filter(m -> !m.appliesTo(Domain.IMAGE))
            .map(Metric::wireName)
            .toList();
    List<FieldError> errors = refused(image("ref-pooled", array(toyOnly)));
    assertEquals(toyOnly.size(), errors.size(), errors.toString());
    for (int i = 0; i < toyOnly.size(); i++) {
      assertEquals(
          new FieldError(
              "metrics[" + i + "]",
              "'"
                  + toyOnly.get(i)
                  + "' is a toy metric; image models allow the feature-space metrics "
                  + String.join(", ", Metric.wireNames(Metric.allowed(Domain.IMAGE)))
                  + "; the others need the toy's ground truth"),
          errors.get(i));
    }
  }

  @Test
  void exactlyTheMetricsThatNeedReferenceSamplesAreRefusedWithoutThem() {
    // Imported statistics keep no feature vectors (top1_tv has its own check, left out here).
    List<String> image =
        Metric.allowed(Domain.IMAGE).stream()
            .filter(m -> m != Metric.TOP1_TV)
            .map(Metric::wireName)
            .toList();
    List<String> refusedAt =
        refused(image("ref-pooled", array(image))).stream().map(FieldError::field).toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < image.size(); i++) {
      if (Metric.byWireName(image.get(i)).orElseThrow().needsReferenceSamples()) {
        expected.add("metrics[" + i + "]");
      }
    }
    assertEquals(expected, refusedAt);
    assertEquals(image, parser.parse(image("ref-pooled-computed", array(image))).metrics());
  }
}
