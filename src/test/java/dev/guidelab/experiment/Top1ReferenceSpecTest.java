package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.metrics.Metric;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Top-1 metrics need the reference's class histogram, known for the built-in {@code toy-exact:}
 * classes only: a spec that asks for them against imported statistics is rejected.
 */
class Top1ReferenceSpecTest {

  private static final Set<String> MODELS = Set.of("toy-oracle:A", "toy-oracle:AB");
  private static final Set<String> REFERENCES =
      Set.of("toy-exact:A", "toy-exact:B", "toy-exact:AB", "imported-2d");

  private final SpecParser parser =
      new SpecParser(
          new ModelLookup() {
            @Override
            public boolean exists(String id) {
              return MODELS.contains(id);
            }

            @Override
            public boolean conditional(String id) {
              return false;
            }

            @Override
            public OptionalInt referenceDim(String name) {
              return REFERENCES.contains(name) ? OptionalInt.of(2) : OptionalInt.empty();
            }
          });

  private static SpecJson top1Against(String reference) {
    SpecJson json = SpecJson.example().set("metrics", "[\"top1_tv\", \"fd\", \"top1_a\"]");
    return reference == null ? json : json.set("reference", "\"" + reference + "\"");
  }

  @Test
  void top1MetricsAreMeasuredAgainstEachBuiltInClassOrClassAByDefault() {
    for (String reference : new String[] {null, "toy-exact:A", "toy-exact:B", "toy-exact:AB"}) {
      ExperimentSpec spec = parser.parse(top1Against(reference).json());
      assertEquals(List.of("top1_a", "top1_tv", "fd"), spec.metrics());
      assertEquals(reference, spec.reference());
    }
  }

  @Test
  void top1MetricsAgainstAnImportedReferenceAreRejectedWithTheReason() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> parser.parse(top1Against("imported-2d").json()));
    assertEquals(
        List.of(
            new FieldError(
                "metrics",
                "top1_a, top1_tv need the reference's class histogram, but reference"
                    + " 'imported-2d' is imported statistics (μ, Σ) of an unknown distribution;"
                    + " use toy-exact:A, toy-exact:B, toy-exact:AB or leave out top1_a,"
                    + " top1_tv")),
        e.errors());
  }

  @Test
  void otherMetricsMayUseAnImportedReference() {
    ExperimentSpec spec =
        parser.parse(
            SpecJson.example()
                .set("metrics", "[\"fd\"]")
                .set("reference", "\"imported-2d\"")
                .json());
    assertEquals("imported-2d", spec.reference());
  }

  @Test
  void top1MetricsAreOnRequest() {
    assertEquals(false, Metric.wireNames(Metric.defaults(Metric.Domain.TOY)).contains("top1_a"));
    assertEquals(false, Metric.wireNames(Metric.defaults(Metric.Domain.TOY)).contains("top1_tv"));
    assertEquals(
        true,
        Metric.wireNames(Metric.allowed(Metric.Domain.TOY))
            .containsAll(List.of("top1_a", "top1_tv")));
  }
}
