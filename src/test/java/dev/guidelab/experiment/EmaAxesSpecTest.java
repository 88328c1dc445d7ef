package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.guidance.methods.Autoguidance;
import dev.guidelab.guidance.methods.Interval;
import dev.guidelab.models.EmaAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The EMA axes of a sweep entry (docs/spec.md, "EMA sweeps"): expansion into points whose models
 * are post-hoc EMA addresses, labels, the canonical form, and field-named errors.
 */
class EmaAxesSpecTest {

  private static final String MAIN = "toy-mlp:A-64-4096";
  private static final String GUIDE = "toy-mlp:A-32";

  /**
   * Two snapshot families as the catalog serves them: the main model's own, and the guide's family
   * with iterations 256 and 512 (also addressed as its model {@code toy-mlp:A-32-512}).
   */
  private static final ModelLookup FAMILIES =
      new ModelLookup() {
        @Override
        public boolean exists(String id) {
          return Set.of(MAIN, GUIDE + "-512", "toy-oracle:AB").contains(id)
              || (EmaAddress.isAddress(id) && addressProblem(id).isEmpty());
        }

        @Override
        public Optional<String> addressProblem(String id) {
          if (!EmaAddress.isAddress(id)) {
            return Optional.empty();
          }
          EmaAddress a = EmaAddress.parse(id);
          if (Set.of(MAIN, GUIDE + "-512").contains(a.base()) && a.iteration().isEmpty()) {
            return Optional.empty();
          }
          if (!a.base().equals(GUIDE)) {
            return Optional.of("'" + a.base() + "' has no post-hoc EMA snapshots");
          }
          long it = a.iteration().orElse(512);
          return it == 256 || it == 512
              ? Optional.empty()
              : Optional.of("no snapshots at iteration " + it);
        }

        @Override
        public boolean conditional(String id) {
          return false;
        }
      };

  private final SpecParser parser = new SpecParser(FAMILIES);

  private static String spec(String... entries) {
    return """
        {"name": "t", "main": "%s", "sweep": [%s], "samples": 10}
        """
        .formatted(MAIN, String.join(", ", entries));
  }

  private static List<String> fields(InvalidRequestException e) {
    return e.errors().stream().map(FieldError::field).toList();
  }

  private InvalidRequestException rejected(String... entries) {
    return assertThrows(InvalidRequestException.class, () -> parser.parse(spec(entries)));
  }

  @Test
  void eachAxisIsAPointParameterBeforeTheWeights() {
    ExperimentSpec spec =
        parser.parse(
            spec(
                """
                {"method": "autoguidance", "guide": "toy-mlp:A-32", "guideIteration": 512,
                 "guideEma": [0.05, 0.1], "mainEma": [0.02, 0.08], "weights": [2, 3]}
                """));
    List<ExperimentSpec.Run> runs = spec.runs();
    assertEquals(8, runs.size());
    assertEquals(
        List.of(
            "autoguidance w=2 ema_m=0.02 it_g=512 ema_g=0.05",
            "autoguidance w=3 ema_m=0.02 it_g=512 ema_g=0.05",
            "autoguidance w=2 ema_m=0.02 it_g=512 ema_g=0.1"),
        runs.subList(0, 3).stream().map(ExperimentSpec.Run::label).toList());
    ExperimentSpec.Run last = runs.get(7);
    assertEquals(
        new Autoguidance.Params("toy-mlp:A-32@it=512,ema=0.1", 3), last.guidance(), "the guide");
    assertEquals("toy-mlp:A-64-4096@ema=0.08", last.main());
    assertEquals(
        List.of(MAIN, "toy-mlp:A-64-4096@ema=0.02", "toy-mlp:A-64-4096@ema=0.08"),
        spec.mainNames());
    assertEquals(
        List.of("toy-mlp:A-32@it=512,ema=0.05", "toy-mlp:A-32@it=512,ema=0.1"), spec.guideNames());
  }

  @Test
  void theCanonicalFormKeepsTheAxesSoTheyArePartOfTheSpecHash() {
    String entry =
        """
        {"method": "autoguidance", "guide": "toy-mlp:A-32", "guideEma": %s, "weights": [2]}
        """;
    ExperimentSpec narrow = parser.parse(spec(entry.formatted("0.05")));
    ExperimentSpec wide = parser.parse(spec(entry.formatted("0.1")));
    String canonical = parser.toJson(narrow);
    assertTrue(canonical.contains("\"guideEma\":0.05"), canonical);
    assertEquals(narrow, parser.parse(canonical), "the canonical form reads back equal");
    assertNotEquals(parser.hash(narrow), parser.hash(wide));
    assertNull(narrow.runs().get(0).main(), "the main's own width is not swept");
  }

  @Test
  void mainEmaAppliesToUnguidedAndWrappedPointsToo() {
    ExperimentSpec spec =
        parser.parse(
            spec(
                """
                {"method": "none", "mainEma": [0.05, 0.1]}
                """,
                """
                {"method": "interval", "sigmaLo": 0.3, "sigmaHi": 2, "guideEma": 0.07,
                 "inner": {"method": "autoguidance", "guide": "toy-mlp:A-32-512"}, "weights": [2]}
                """));
    List<ExperimentSpec.Run> runs = spec.runs();
    assertEquals("none ema_m=0.05", runs.get(0).label());
    assertEquals("toy-mlp:A-64-4096@ema=0.1", runs.get(1).main());
    Interval.Params interval = (Interval.Params) runs.get(2).guidance();
    assertEquals(new Autoguidance.Params("toy-mlp:A-32-512@ema=0.07", 2), interval.inner());
    assertTrue(runs.get(2).label().endsWith(" ema_g=0.07"), runs.get(2).label());
  }

  @Test
  void aSweepOverGuidesAndTheirWidthsLabelsTheGuidesByName() {
    List<String> labels =
        parser
            .parse(
                spec(
                    """
                    {"method": "autoguidance", "guide": ["toy-mlp:A-32", "toy-mlp:A-32-512"],
                     "guideEma": 0.05, "weights": [2]}
                    """))
            .runs()
            .stream()
            .map(ExperimentSpec.Run::label)
            .toList();
    assertEquals(
        List.of(
            "autoguidance w=2 (toy-mlp:A-32) ema_g=0.05",
            "autoguidance w=2 (toy-mlp:A-32-512) ema_g=0.05"),
        labels);
  }

  @Test
  void widthsOutsideTheOfferedRangeAndBadIterationsAreNamedByIndex() {
    InvalidRequestException e =
        rejected(
            """
            {"method": "autoguidance", "guide": "toy-mlp:A-32", "guideIteration": [256, 300],
             "guideEma": [0.05, 0.5], "mainEma": 0, "weights": [2]}
            """);
    assertEquals(List.of("sweep[0].mainEma", "sweep[0].guideEma[1]"), fields(e), e.toString());
    assertTrue(e.getMessage().contains("0.01..0.25"), e.getMessage());

    e =
        rejected(
            """
            {"method": "autoguidance", "guide": "toy-mlp:A-32", "guideIteration": [256, 300],
             "guideEma": 0.05, "weights": [2]}
            """);
    assertEquals(List.of("sweep[0].guideIteration[1]"), fields(e));
    assertTrue(e.getMessage().contains("no snapshots at iteration 300"), e.getMessage());
  }

  @Test
  void axesNeedModelsTheyCanAddress() {
    Map<String, String> cases =
        Map.of(
            """
            {"method": "none", "guideEma": 0.05}
            """,
            "sweep[0].guideEma",
            """
            {"method": "autoguidance", "guide": "toy-mlp:A-32@ema=0.1", "guideEma": 0.05,
             "weights": [2]}
            """,
            "sweep[0].guide",
            """
            {"method": "cfg", "guide": "toy-oracle:AB", "guideEma": 0.05, "weights": [2]}
            """,
            "sweep[0].guide",
            """
            {"method": "autoguidance", "guide": "toy-mlp:A-32-512", "guideIteration": 512,
             "weights": [2]}
            """,
            "sweep[0].guideIteration",
            """
            {"method": "blend", "cfgGuide": "toy-oracle:AB", "autoGuide": "toy-mlp:A-32-512",
             "mix": 0.5, "guideEma": 0.05, "weights": [2]}
            """,
            "sweep[0].guideEma",
            """
            {"method": "interval", "sigmaLo": 0.3, "sigmaHi": 2, "weights": [2],
             "inner": {"method": "autoguidance", "guide": "toy-mlp:A-32-512", "guideEma": 0.05}}
            """,
            "sweep[0].inner.guideEma");
    cases.forEach(
        (entry, field) -> {
          InvalidRequestException e = rejected(entry);
          assertEquals(List.of(field), fields(e), entry + " → " + e.getMessage());
        });
  }

  @Test
  void twoEntriesMayShareAGuidanceWhenTheirMainModelsDiffer() {
    assertEquals(
        3,
        parser
            .parse(
                spec(
                    """
                    {"method": "none"}
                    """,
                    """
                    {"method": "none", "mainEma": [0.05, 0.1]}
                    """))
            .runs()
            .size());
    InvalidRequestException e =
        rejected(
            """
            {"method": "none", "mainEma": 0.05}
            """,
            """
            {"method": "none", "mainEma": [0.1, 0.05]}
            """);
    assertEquals(List.of("sweep[1]"), fields(e));
  }
}
