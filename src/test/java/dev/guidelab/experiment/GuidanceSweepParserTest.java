package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.IndependentCondition.ConditionNoise;
import dev.guidelab.guidance.methods.Apg;
import dev.guidelab.guidance.methods.Autoguidance;
import dev.guidelab.guidance.methods.Blend;
import dev.guidelab.guidance.methods.Cads;
import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.Icg;
import dev.guidelab.guidance.methods.Interval;
import dev.guidelab.guidance.methods.None;
import dev.guidelab.guidance.methods.Tsg;
import dev.guidelab.work.Condition;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sweep entries of every guidance method: normalised forms, expansion, and field-named errors. */
class GuidanceSweepParserTest {

  /** A conditional main model, a conditional degraded guide, an unconditional guide and main. */
  private static final String MAIN = "toy-mlp:AB";

  private static final String BAD = "toy-mlp:A-32-512";
  private static final String UNCOND = "toy-oracle:AB";
  private static final String UNCOND_MAIN = "toy-oracle:A";

  private final SpecParser parser =
      new SpecParser(
          ModelLookup.of(
              Set.of(MAIN, BAD, UNCOND, UNCOND_MAIN)::contains, Set.of(MAIN, BAD)::contains));

  /** A spec of {@code main} with the given sweep entries and 32 sampler steps. */
  private static String spec(String main, String... entries) {
    return """
        {"name": "t", "main": "%s", "sweep": [%s], "samples": 10}
        """
        .formatted(main, String.join(", ", entries));
  }

  private List<GuidanceParams> points(String... entries) {
    return parser.parse(spec(MAIN, entries)).points();
  }

  // ---- valid examples of every method --------------------------------------------------------

  @Test
  void everyMethodParsesToItsPointWithDefaultsFilled() {
    List<GuidanceParams> points =
        points(
            "{\"method\": \"none\"}",
            "{\"method\": \"cfg\", \"weights\": [2]}",
            "{\"method\": \"cfg\", \"guide\": \"" + UNCOND + "\", \"weights\": [2]}",
            "{\"method\": \"autoguidance\", \"guide\": \"" + BAD + "\", \"weights\": [2]}",
            "{\"method\": \"interval\", \"inner\": {\"method\": \"cfg\", \"guide\": \""
                + UNCOND
                + "\"}, \"sigmaLo\": 0.28, \"sigmaHi\": 1.61, \"weights\": [2]}",
            "{\"method\": \"interval\", \"inner\": {\"method\": \"cfg\"}, \"stepFrom\": 17,"
                + " \"stepTo\": 22, \"weights\": [2]}",
            "{\"method\": \"apg\", \"weights\": [4]}",
            "{\"method\": \"apg\", \"eta\": 0, \"normThreshold\": 15, \"momentum\": -0.5,"
                + " \"weights\": [4]}",
            "{\"method\": \"icg\", \"weights\": [2]}",
            "{\"method\": \"icg\", \"conditionNoise\": \"gaussian\", \"weights\": [2]}",
            "{\"method\": \"tsg\", \"scale\": 1, \"alpha\": 0.5, \"weights\": [2]}",
            "{\"method\": \"cads\", \"inner\": {\"method\": \"cfg\"}, \"weights\": [2]}",
            "{\"method\": \"cads\", \"inner\": {\"method\": \"none\"}, \"tau1\": 0.5, \"tau2\": 0.8,"
                + " \"noiseScale\": 0.1, \"psi\": 0.5, \"rescale\": false}",
            "{\"method\": \"blend\", \"autoGuide\": \""
                + BAD
                + "\", \"mix\": 0.5, \"weights\": [2]}");

    assertEquals(
        List.of(
            new None.Params(),
            new Cfg.Params(null, 2),
            new Cfg.Params(UNCOND, 2),
            new Autoguidance.Params(BAD, 2),
            Interval.Params.bySigma(new Cfg.Params(UNCOND, 2), 0.28, 1.61),
            Interval.Params.bySteps(new Cfg.Params(null, 2), 17, 22),
            new Apg.Params(null, 0, 0, 0, 4),
            new Apg.Params(null, 0, 15, -0.5, 4),
            new Icg.Params(ConditionNoise.RANDOM_CLASS, 2),
            new Icg.Params(ConditionNoise.GAUSSIAN, 2),
            new Tsg.Params(1, 0.5, 2),
            new Cads.Params(new Cfg.Params(null, 2), 0.6, 0.9, 0.25, 1, true),
            new Cads.Params(new None.Params(), 0.5, 0.8, 0.1, 0.5, false),
            new Blend.Params(null, BAD, 0.5, 2)),
        points);
  }

  @Test
  void conditionalMainDefaultsToClassAAndKeepsAGivenClass() {
    assertEquals(
        new Condition.Named("A"), parser.parse(spec(MAIN, "{\"method\": \"none\"}")).condition());
    String classB =
        spec(MAIN, "{\"method\": \"none\"}")
            .replace("\"samples\"", "\"condition\": \"B\", \"samples\"");
    ExperimentSpec spec = parser.parse(classB);

    assertEquals(new Condition.Named("B"), spec.condition());
    assertTrue(parser.toJson(spec).contains("\"main\":\"toy-mlp:AB\",\"condition\":\"B\""));
    assertNull(parser.parse(spec(UNCOND_MAIN, "{\"method\": \"none\"}")).condition());
  }

  @Test
  void sweptParametersExpandAsACartesianProductWithWeightsFastest() {
    List<GuidanceParams> points =
        points("{\"method\": \"apg\", \"eta\": [0, 0.5], \"momentum\": -0.5, \"weights\": [2, 4]}");

    assertEquals(
        List.of(
            new Apg.Params(null, 0, 0, -0.5, 2),
            new Apg.Params(null, 0, 0, -0.5, 4),
            new Apg.Params(null, 0.5, 0, -0.5, 2),
            new Apg.Params(null, 0.5, 0, -0.5, 4)),
        points);
  }

  @Test
  void outerParametersVaryBeforeInnerOnes() {
    List<GuidanceParams> points =
        points(
            "{\"method\": \"interval\", \"inner\": {\"method\": \"cfg\", \"guide\": [\""
                + UNCOND
                + "\", \""
                + MAIN
                + "\"]}, \"sigmaLo\": [0.2, 0.3], \"sigmaHi\": 1.61, \"weights\": [2, 3]}");

    assertEquals(8, points.size());
    assertEquals(Interval.Params.bySigma(new Cfg.Params(UNCOND, 2), 0.2, 1.61), points.get(0));
    assertEquals(Interval.Params.bySigma(new Cfg.Params(UNCOND, 3), 0.2, 1.61), points.get(1));
    assertEquals(Interval.Params.bySigma(new Cfg.Params(MAIN, 2), 0.2, 1.61), points.get(2));
    assertEquals(Interval.Params.bySigma(new Cfg.Params(UNCOND, 2), 0.3, 1.61), points.get(4));
    assertEquals(Interval.Params.bySigma(new Cfg.Params(MAIN, 3), 0.3, 1.61), points.get(7));
  }

  @Test
  void weightsOnTheInnerMethodAreTheSameSpecAsWeightsOnTheWrapper() {
    ExperimentSpec inner =
        parser.parse(
            spec(
                MAIN,
                "{\"method\": \"cads\", \"inner\": {\"method\": \"cfg\", \"weights\": [2, 3]}}"));
    ExperimentSpec outer =
        parser.parse(
            spec(
                MAIN,
                "{\"method\": \"cads\", \"inner\": {\"method\": \"cfg\"}, \"weights\": [2, 3]}"));

    assertEquals(outer, inner);
    assertEquals(parser.hash(outer), parser.hash(inner));
    assertTrue(
        parser
            .toJson(inner)
            .contains(
                "{\"method\":\"cads\",\"inner\":{\"method\":\"cfg\"},\"tau1\":0.6,\"tau2\":0.9,"
                    + "\"noiseScale\":0.25,\"psi\":1.0,\"rescale\":true,\"weights\":[2.0,3.0]}"),
        parser.toJson(inner));
  }

  @Test
  void everyMethodRoundTripsThroughCanonicalJson() {
    ExperimentSpec spec =
        parser.parse(
            spec(
                MAIN,
                "{\"method\": \"cfg\", \"weights\": [1, 2]}",
                "{\"method\": \"autoguidance\", \"guide\": \"" + BAD + "\", \"weights\": [2]}",
                "{\"method\": \"interval\", \"inner\": {\"method\": \"apg\", \"eta\": [0, 1]},"
                    + " \"stepFrom\": [13, 17], \"stepTo\": 22, \"weights\": [2]}",
                "{\"method\": \"icg\", \"conditionNoise\": [\"random-class\", \"gaussian\"],"
                    + " \"weights\": [2]}",
                "{\"method\": \"tsg\", \"scale\": [0.5, 1], \"alpha\": -1, \"weights\": [2]}",
                "{\"method\": \"cads\", \"inner\": {\"method\": \"interval\", \"inner\":"
                    + " {\"method\": \"cfg\"}, \"sigmaLo\": 0.28, \"sigmaHi\": 1.61},"
                    + " \"tau1\": [0.5, 0.6], \"rescale\": [true, false], \"weights\": [2]}",
                "{\"method\": \"blend\", \"cfgGuide\": \""
                    + UNCOND
                    + "\", \"autoGuide\": \""
                    + BAD
                    + "\", \"mix\": [0.25, 0.75], \"weights\": [2]}"));

    assertEquals(spec, parser.parse(parser.toJson(spec)));
    assertEquals(parser.toJson(spec), parser.toJson(parser.parse(parser.toJson(spec))));
    assertEquals(2 + 1 + 4 + 2 + 2 + 4 + 2, spec.points().size());
  }

  @Test
  void hashChangesWithAMethodParameterAndWithTheCondition() {
    String base = spec(MAIN, "{\"method\": \"apg\", \"eta\": 0, \"weights\": [4]}");
    String hash = parser.hash(parser.parse(base));

    assertNotEquals(hash, parser.hash(parser.parse(base.replace("\"eta\": 0", "\"eta\": 0.5"))));
    assertNotEquals(
        hash,
        parser.hash(
            parser.parse(base.replace("\"samples\"", "\"condition\": \"B\", \"samples\""))));
    assertEquals(
        hash, parser.hash(parser.parse(base.replace("\"eta\": 0, ", ""))), "η = 0 is the default");
  }

  @Test
  void pointLimitCountsTheWholeCartesianProduct() {
    String etas =
        IntStream.range(0, 26).mapToObj(Integer::toString).collect(Collectors.joining(","));
    String weights =
        IntStream.range(0, 20).mapToObj(Integer::toString).collect(Collectors.joining(","));
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                parser.parse(
                    spec(
                        MAIN,
                        "{\"method\": \"apg\", \"eta\": ["
                            + etas
                            + "], \"weights\": ["
                            + weights
                            + "]}")));

    assertEquals(
        List.of(
            new FieldError(
                "sweep", "expands to 520 points; at most 500 are allowed per experiment")),
        e.errors());
  }

  // ---- malformed entries: each names its field ----------------------------------------------

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformedEntries")
  void malformedEntryIsRejectedAtItsField(String problem, String json, String field) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(json));

    assertEquals(
        List.of(field),
        e.errors().stream().map(FieldError::field).toList(),
        problem + ": " + e.errors());
  }

  static Stream<Arguments> malformedEntries() {
    String cfg = "{\"method\": \"cfg\"}";
    return Stream.of(
        bad(
            "eta not a number",
            "{\"method\": \"apg\", \"eta\": \"0\", \"weights\": [2]}",
            "sweep[0].eta"),
        bad(
            "eta list element bad",
            "{\"method\": \"apg\", \"eta\": [0, \"x\"], \"weights\": [2]}",
            "sweep[0].eta[1]"),
        bad(
            "eta duplicated",
            "{\"method\": \"apg\", \"eta\": [0, 0.0], \"weights\": [2]}",
            "sweep[0].eta[1]"),
        bad(
            "eta list empty",
            "{\"method\": \"apg\", \"eta\": [], \"weights\": [2]}",
            "sweep[0].eta"),
        bad(
            "momentum 1",
            "{\"method\": \"apg\", \"momentum\": 1, \"weights\": [2]}",
            "sweep[0].momentum"),
        bad(
            "momentum -1",
            "{\"method\": \"apg\", \"momentum\": [0, -1], \"weights\": [2]}",
            "sweep[0].momentum[1]"),
        bad(
            "normThreshold negative",
            "{\"method\": \"apg\", \"normThreshold\": -1, \"weights\": [2]}",
            "sweep[0].normThreshold"),
        bad(
            "interval without keying",
            "{\"method\": \"interval\", \"inner\": " + cfg + ", \"weights\": [2]}",
            "sweep[0]"),
        bad(
            "interval with both keyings",
            interval("\"sigmaLo\": 0.2, \"sigmaHi\": 1, \"stepFrom\": 1, \"stepTo\": 2"),
            "sweep[0].stepFrom"),
        bad("sigmaLo missing", interval("\"sigmaHi\": 1.61"), "sweep[0].sigmaLo"),
        bad("sigmaHi missing", interval("\"sigmaLo\": 0.28"), "sweep[0].sigmaHi"),
        bad(
            "sigmaLo above sigmaHi",
            interval("\"sigmaLo\": 2, \"sigmaHi\": 1.61"),
            "sweep[0].sigmaLo"),
        bad("sigmaLo zero", interval("\"sigmaLo\": 0, \"sigmaHi\": 1.61"), "sweep[0].sigmaLo"),
        bad(
            "swept sigmaLo above some sigmaHi",
            interval("\"sigmaLo\": [0.2, 1.7], \"sigmaHi\": [1.61, 3]"),
            "sweep[0].sigmaLo[1]"),
        bad(
            "stepTo beyond the sampler's steps",
            interval("\"stepFrom\": 17, \"stepTo\": 32"),
            "sweep[0].stepTo"),
        bad(
            "stepFrom after stepTo",
            interval("\"stepFrom\": 23, \"stepTo\": 22"),
            "sweep[0].stepFrom"),
        bad(
            "stepFrom fractional",
            interval("\"stepFrom\": 1.5, \"stepTo\": 22"),
            "sweep[0].stepFrom"),
        bad(
            "interval inner missing",
            "{\"method\": \"interval\", \"sigmaLo\": 0.2, \"sigmaHi\": 1, \"weights\": [2]}",
            "sweep[0].inner"),
        bad(
            "interval inner not an object",
            "{\"method\": \"interval\", \"inner\": \"cfg\", \"sigmaLo\": 0.2, \"sigmaHi\": 1, \"weights\": [2]}",
            "sweep[0].inner"),
        bad(
            "interval around none",
            "{\"method\": \"interval\", \"inner\": {\"method\": \"none\"}, \"sigmaLo\": 0.2, \"sigmaHi\": 1}",
            "sweep[0].inner.method"),
        bad(
            "inner guide unknown",
            "{\"method\": \"interval\", \"inner\": {\"method\": \"cfg\", \"guide\": \"nope\"}, \"sigmaLo\": 0.2, \"sigmaHi\": 1, \"weights\": [2]}",
            "sweep[0].inner.guide"),
        bad(
            "interval without weights",
            "{\"method\": \"interval\", \"inner\": " + cfg + ", \"sigmaLo\": 0.2, \"sigmaHi\": 1}",
            "sweep[0].weights"),
        bad(
            "weights given twice",
            "{\"method\": \"interval\", \"inner\": {\"method\": \"cfg\", \"weights\": [2]}, \"sigmaLo\": 0.2, \"sigmaHi\": 1, \"weights\": [3]}",
            "sweep[0].inner.weights"),
        bad("tau1 not below tau2", cads("\"tau1\": 0.9, \"tau2\": 0.9"), "sweep[0].tau1"),
        bad("tau2 above one", cads("\"tau2\": 1.5"), "sweep[0].tau2"),
        bad("psi above one", cads("\"psi\": 2"), "sweep[0].psi"),
        bad("noiseScale negative", cads("\"noiseScale\": -0.25"), "sweep[0].noiseScale"),
        bad("rescale not a boolean", cads("\"rescale\": \"yes\""), "sweep[0].rescale"),
        bad(
            "cads around cads",
            "{\"method\": \"cads\", \"inner\": {\"method\": \"cads\", \"inner\": "
                + cfg
                + "}, \"weights\": [2]}",
            "sweep[0].inner.method"),
        bad(
            "cads around none with weights",
            "{\"method\": \"cads\", \"inner\": {\"method\": \"none\"}, \"weights\": [2]}",
            "sweep[0].weights"),
        bad(
            "conditionNoise unknown",
            "{\"method\": \"icg\", \"conditionNoise\": \"uniform\", \"weights\": [2]}",
            "sweep[0].conditionNoise"),
        bad(
            "icg with a guide",
            "{\"method\": \"icg\", \"guide\": \"" + UNCOND + "\", \"weights\": [2]}",
            "sweep[0].guide"),
        bad(
            "tsg scale missing",
            "{\"method\": \"tsg\", \"alpha\": 1, \"weights\": [2]}",
            "sweep[0].scale"),
        bad(
            "tsg alpha not a number",
            "{\"method\": \"tsg\", \"scale\": 1, \"alpha\": true, \"weights\": [2]}",
            "sweep[0].alpha"),
        bad(
            "tsg scale negative",
            "{\"method\": \"tsg\", \"scale\": -1, \"alpha\": 1, \"weights\": [2]}",
            "sweep[0].scale"),
        bad(
            "blend mix above one",
            "{\"method\": \"blend\", \"autoGuide\": \""
                + BAD
                + "\", \"mix\": 1.5, \"weights\": [2]}",
            "sweep[0].mix"),
        bad(
            "blend without autoGuide",
            "{\"method\": \"blend\", \"mix\": 0.5, \"weights\": [2]}",
            "sweep[0].autoGuide"),
        bad(
            "autoguidance without guide",
            "{\"method\": \"autoguidance\", \"weights\": [2]}",
            "sweep[0].guide"),
        bad(
            "autoguidance with an unconditional guide",
            "{\"method\": \"autoguidance\", \"guide\": [\""
                + BAD
                + "\", \""
                + UNCOND
                + "\"], \"weights\": [2]}",
            "sweep[0].guide[1]"),
        bad(
            "misspelt parameter",
            "{\"method\": \"apg\", \"etta\": 0, \"weights\": [2]}",
            "sweep[0].etta"),
        bad(
            "parameter of another method",
            "{\"method\": \"cfg\", \"eta\": 0, \"weights\": [2]}",
            "sweep[0].eta"),
        bad(
            "point repeated by a later entry",
            "{\"method\": \"cfg\", \"weights\": [2, 3]}, {\"method\": \"cfg\", \"weights\": [3]}",
            "sweep[1]"),
        Arguments.of(
            "icg on an unconditional main",
            spec(UNCOND_MAIN, "{\"method\": \"icg\", \"weights\": [2]}"),
            "sweep[0].method"),
        Arguments.of(
            "cads on an unconditional main",
            spec(UNCOND_MAIN, "{\"method\": \"cads\", \"inner\": {\"method\": \"none\"}}"),
            "sweep[0].method"),
        Arguments.of(
            "apg without guide on an unconditional main",
            spec(UNCOND_MAIN, "{\"method\": \"apg\", \"weights\": [2]}"),
            "sweep[0].guide"),
        Arguments.of(
            "condition on an unconditional main",
            spec(UNCOND_MAIN, "{\"method\": \"none\"}")
                .replace("\"samples\"", "\"condition\": \"A\", \"samples\""),
            "condition"),
        Arguments.of(
            "condition unknown",
            spec(MAIN, "{\"method\": \"none\"}")
                .replace("\"samples\"", "\"condition\": \"C\", \"samples\""),
            "condition"),
        Arguments.of(
            "class index on a toy model",
            spec(MAIN, "{\"method\": \"none\"}")
                .replace("\"samples\"", "\"condition\": 0, \"samples\""),
            "condition"),
        Arguments.of(
            "random class on a toy model",
            spec(MAIN, "{\"method\": \"none\"}")
                .replace("\"samples\"", "\"condition\": \"random\", \"samples\""),
            "condition"));
  }

  @Test
  void messagesSayWhatIsAllowed() {
    assertMessage(
        spec(MAIN, "{\"method\": \"apg\", \"etta\": 0, \"weights\": [2]}"),
        "sweep[0].etta",
        "unknown field; allowed: method, guide, eta, normThreshold, momentum, weights (did you mean"
            + " 'eta'?)");
    assertMessage(
        spec(MAIN, interval("\"stepFrom\": 17, \"stepTo\": 32")),
        "sweep[0].stepTo",
        "must be a step index in 0..31 (sampler.steps = 32), got 32");
    assertMessage(
        spec(MAIN, cads("\"tau1\": 0.95")), "sweep[0].tau1", "must be < tau2 (0.9), got 0.95");
    assertMessage(
        spec(
            MAIN,
            "{\"method\": \"interval\", \"inner\": {\"method\": \"none\"}, \"sigmaLo\": 0.2, \"sigmaHi\": 1}"),
        "sweep[0].inner.method",
        "method 'none' cannot be wrapped by 'interval'; allowed: cfg, autoguidance, apg, icg, tsg,"
            + " blend");
    assertMessage(
        spec(UNCOND_MAIN, "{\"method\": \"icg\", \"weights\": [2]}"),
        "sweep[0].method",
        "method 'icg' changes the condition, so it needs a conditional main model; main"
            + " 'toy-oracle:A' takes no condition");
    assertMessage(
        spec(MAIN, "{\"method\": \"apg\", \"momentum\": 1, \"weights\": [2]}"),
        "sweep[0].momentum",
        "must be in (−1, 1), got 1");
  }

  private static String interval(String keying) {
    return "{\"method\": \"interval\", \"inner\": {\"method\": \"cfg\"}, "
        + keying
        + ", \"weights\": [2]}";
  }

  private static String cads(String params) {
    return "{\"method\": \"cads\", \"inner\": {\"method\": \"cfg\"}, "
        + params
        + ", \"weights\": [2]}";
  }

  private static Arguments bad(String problem, String entries, String field) {
    return Arguments.of(problem, spec(MAIN, entries), field);
  }

  private void assertMessage(String json, String field, String message) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(json));
    assertEquals(List.of(new FieldError(field, message)), e.errors());
  }
}
