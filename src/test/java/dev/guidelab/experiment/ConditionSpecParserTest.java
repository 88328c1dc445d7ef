package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.IndependentCondition.ConditionNoise;
import dev.guidelab.guidance.methods.Autoguidance;
import dev.guidelab.guidance.methods.Blend;
import dev.guidelab.guidance.methods.Cads;
import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.Icg;
import dev.guidelab.models.ImageShape;
import dev.guidelab.work.Condition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code condition} of class-conditional image models (a class index, or a random class per
 * sample, the default) and the guidance that needs a condition on them; toy specs keep their
 * canonical JSON and hash.
 */
class ConditionSpecParserTest {

  /** A 10-class main, a 10-class and a 5-class guide, an unconditional model; all 3×16×16. */
  private static final Map<String, ImageShape> IMAGES =
      Map.of(
          "cond-s", new ImageShape(3, 16, 10),
          "cond-xs", new ImageShape(3, 16, 10),
          "cond5-xs", new ImageShape(3, 16, 5),
          "uncond-xs", new ImageShape(3, 16, 0));

  private final SpecParser parser = new SpecParser(ImageLookup.of(IMAGES));

  /** An image spec of {@code main} with the given top-level fields before the sweep. */
  private static String spec(String main, String condition, String... entries) {
    return "{\"name\": \"c\", \"main\": \""
        + main
        + "\""
        + (condition == null ? "" : ", \"condition\": " + condition)
        + ", \"sweep\": ["
        + String.join(", ", entries)
        + "], \"samples\": 10"
        + ImageLookup.FEATURES
        + "}";
  }

  private static final String NONE = "{\"method\": \"none\"}";

  /** The end of a sweep entry: one guidance weight. */
  private static final String W2 = " \"weights\": [2]}";

  @Test
  void aClassIndexConditionsEverySampleOnThatClassAndRoundTrips() {
    ExperimentSpec spec = parser.parse(spec("cond-s", "3", NONE));

    assertEquals(new Condition.ClassIndex(3), spec.condition());
    assertTrue(parser.toJson(spec).contains("\"main\":\"cond-s\",\"condition\":3,"));
    assertEquals(spec, parser.parse(parser.toJson(spec)), "canonical JSON round-trips");
    assertEquals(
        spec.condition(), parser.parse(spec("cond-s", "3.0", NONE)).condition(), "integral 3.0");
    assertNotEquals(parser.hash(spec), parser.hash(parser.parse(spec("cond-s", "4", NONE))));
  }

  @Test
  void aClassConditionalImageModelSamplesRandomClassesByDefault() {
    ExperimentSpec absent = parser.parse(spec("cond-s", null, NONE));
    ExperimentSpec random = parser.parse(spec("cond-s", "\"random\"", NONE));

    assertEquals(new Condition.RandomClass(), absent.condition());
    assertEquals(absent, random);
    assertEquals(parser.hash(absent), parser.hash(random));
    assertTrue(parser.toJson(absent).contains("\"condition\":\"random\""));
    assertEquals(absent, parser.parse(parser.toJson(absent)));
    assertNotEquals(parser.hash(absent), parser.hash(parser.parse(spec("cond-s", "0", NONE))));
    assertNull(parser.parse(spec("uncond-xs", null, NONE)).condition());
  }

  @Test
  void everyConditionChangingMethodRunsOnAClassConditionalImageModel() {
    ExperimentSpec spec =
        parser.parse(
            spec(
                "cond-s",
                "\"random\"",
                NONE,
                "{\"method\": \"cfg\", \"weights\": [2]}",
                "{\"method\": \"cfg\", \"guide\": [\"uncond-xs\", \"cond-xs\"], \"weights\": [2]}",
                "{\"method\": \"autoguidance\", \"guide\": \"cond-xs\", \"weights\": [2]}",
                "{\"method\": \"icg\", \"conditionNoise\": [\"random-class\", \"gaussian\"],"
                    + " \"weights\": [2]}",
                "{\"method\": \"cads\", \"inner\": {\"method\": \"cfg\"}, \"weights\": [2]}",
                "{\"method\": \"blend\", \"cfgGuide\": \"uncond-xs\", \"autoGuide\": \"cond-xs\","
                    + " \"mix\": 0.5, \"weights\": [2]}"));

    List<GuidanceParams> points = spec.points();
    assertEquals(9, points.size());
    assertEquals(new Cfg.Params(null, 2), points.get(1), "the main network's null condition");
    assertEquals(new Cfg.Params("uncond-xs", 2), points.get(2), "an unconditional guide");
    assertEquals(new Cfg.Params("cond-xs", 2), points.get(3), "a guide of the same classes");
    assertEquals(new Autoguidance.Params("cond-xs", 2), points.get(4));
    assertEquals(new Icg.Params(ConditionNoise.RANDOM_CLASS, 2), points.get(5));
    assertEquals(new Icg.Params(ConditionNoise.GAUSSIAN, 2), points.get(6));
    assertEquals(new Cads.Params(new Cfg.Params(null, 2), 0.6, 0.9, 0.25, 1, true), points.get(7));
    assertEquals(new Blend.Params("uncond-xs", "cond-xs", 0.5, 2), points.get(8));
  }

  static Stream<Arguments> invalid() {
    String classIndex =
        "must be a class index in 0..9 (main 'cond-s' has 10 classes) or 'random' (each sample its"
            + " own uniformly random class, drawn from its seed), got ";
    return Stream.of(
        bad("a toy class", spec("cond-s", "\"A\"", NONE), "condition", classIndex + "string \"A\""),
        bad("class 10 of 10", spec("cond-s", "10", NONE), "condition", classIndex + "10"),
        bad("negative class", spec("cond-s", "-1", NONE), "condition", classIndex + "-1"),
        bad("fractional class", spec("cond-s", "1.5", NONE), "condition", classIndex + "1.5"),
        bad("misspelt random", spec("cond-s", "\"Random\"", NONE), "condition", "\"Random\""),
        bad(
            "a class on an unconditional model",
            spec("uncond-xs", "0", NONE),
            "condition",
            "not allowed: main 'uncond-xs' takes no condition"),
        bad(
            "autoguidance guide of other classes",
            spec("cond-s", null, "{\"method\": \"autoguidance\", \"guide\": \"cond5-xs\"," + W2),
            "sweep[0].guide",
            "is evaluated with the main model's class labels, one-hot over the 10 classes of main"
                + " 'cond-s'; 'cond5-xs' takes 5: the guide must be a model of the same classes"),
        bad(
            "autoguidance guide unconditional",
            spec(
                "cond-s",
                null,
                "{\"method\": \"autoguidance\", \"guide\": [\"cond-xs\", \"uncond-xs\"]," + W2),
            "sweep[0].guide[1]",
            "so it must take a condition like main 'cond-s'; 'uncond-xs' takes none"),
        bad(
            "cfg guide of other classes",
            spec("cond-s", null, "{\"method\": \"cfg\", \"guide\": \"cond5-xs\"," + W2),
            "sweep[0].guide",
            "is evaluated with the null condition, so it must be unconditional or have the 10"
                + " classes of main 'cond-s'; 'cond5-xs' has 5"),
        bad(
            "cfg guide of other classes inside cads",
            spec(
                "cond-s",
                null,
                "{\"method\": \"cads\", \"inner\": {\"method\": \"cfg\", \"guide\": \"cond5-xs\"},"
                    + W2),
            "sweep[0].inner.guide",
            "is evaluated with the null condition"),
        bad(
            "blend's cfg guide of other classes",
            spec(
                "cond-s",
                null,
                "{\"method\": \"blend\", \"cfgGuide\": \"cond5-xs\", \"autoGuide\": \"cond-xs\","
                    + " \"mix\": 0.5,"
                    + W2),
            "sweep[0].cfgGuide",
            "is evaluated with the null condition"),
        bad(
            "icg on an unconditional image model",
            spec("uncond-xs", null, "{\"method\": \"icg\"," + W2),
            "sweep[0].method",
            "method 'icg' changes the condition, so it needs a conditional main model"),
        bad(
            "cfg without guide on an unconditional image model",
            spec("uncond-xs", null, "{\"method\": \"cfg\"," + W2),
            "sweep[0].guide",
            "required for method 'cfg' because main 'uncond-xs' is unconditional"),
        bad(
            "time-step guidance on a class-conditional image model",
            spec("cond-s", null, "{\"method\": \"tsg\", \"scale\": 1, \"alpha\": 1," + W2),
            "sweep[0].method",
            "time-step guidance"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidConditionsAndGuidesAreRejectedByField(
      String problem, String json, String field, String message) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(json));
    assertEquals(1, e.errors().size(), problem + ": " + e.errors());
    assertEquals(field, e.errors().get(0).field(), problem);
    assertTrue(e.errors().get(0).message().contains(message), problem + ": " + e.errors().get(0));
  }

  private static Arguments bad(String problem, String json, String field, String message) {
    return Arguments.of(problem, json, field, message);
  }

  /**
   * Toy specs keep the canonical JSON, and so the hash, they had before image models took a
   * condition: the hashes below were computed at commit 1eafbcd.
   */
  @Test
  void toySpecsKeepTheirCanonicalJsonAndHash() {
    SpecParser toy =
        new SpecParser(
            ModelLookup.of(
                Set.of("toy-mlp:cond-64", "toy-mlp:A-32-512", "toy-oracle:AB")::contains,
                Set.of("toy-mlp:cond-64")::contains));
    ExperimentSpec classB =
        toy.parse(
            "{\"name\": \"t\", \"main\": \"toy-mlp:cond-64\", \"condition\": \"B\", \"sweep\":"
                + " [{\"method\": \"none\"}, {\"method\": \"cfg\", \"weights\": [2]},"
                + " {\"method\": \"icg\", \"weights\": [2]}], \"samples\": 10}");
    ExperimentSpec classA =
        toy.parse(
            "{\"name\": \"t\", \"main\": \"toy-mlp:cond-64\", \"sweep\": [{\"method\": \"cads\","
                + " \"inner\": {\"method\": \"cfg\"}, \"weights\": [2]}], \"samples\": 10}");

    assertEquals(new Condition.Named("B"), classB.condition());
    assertTrue(toy.toJson(classB).contains("\"main\":\"toy-mlp:cond-64\",\"condition\":\"B\","));
    assertEquals(
        "a714fe3544f2af1801e53e46c44eb3de8c4e65f469b1d368f8a353d7ce71b3a4", toy.hash(classB));
    assertEquals(new Condition.Named("A"), classA.condition(), "the toy's default class");
    assertEquals(
        "d74b21214abbd55797a32ca9acd06eba0313a9f17bb74afe5e1fea45f5e9b74a", toy.hash(classA));
  }
}
