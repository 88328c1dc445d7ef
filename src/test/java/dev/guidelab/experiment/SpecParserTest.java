package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.None;
import dev.guidelab.metrics.Metric;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.sampling.SamplerSettings.Start;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecParserTest {

  private final SpecParser parser =
      new SpecParser(Set.of("toy-oracle:A", "toy-oracle:B", "toy-oracle:AB", "edm2-xs")::contains);

  // ---- the valid example -------------------------------------------------------------------

  @Test
  void exampleParsesToNormalisedSpec() {
    ExperimentSpec spec = parser.parse(SpecJson.EXAMPLE);

    assertEquals("cfg vs none on the toy", spec.name());
    assertEquals("toy-oracle:A", spec.main());
    assertEquals(
        List.of(
            SweepEntry.of("none", null),
            new SweepEntry(
                "cfg",
                Map.of("guide", List.of("toy-oracle:AB")),
                null,
                List.of(1.5, 2.0, 3.0, 4.0))),
        spec.sweep());
    // Omitted sMin, sMax, sNoise and start take their defaults; sMax = σ_max means "no bound".
    assertEquals(new SamplerSettings(32, 0.002, 5, 7, 2, 0, 0, 5, 1, Start.NOISE), spec.sampler());
    assertEquals(10000, spec.samples());
    assertEquals(List.of(1L), spec.seeds());
    assertEquals(
        List.of("log_likelihood", "outlier_fraction", "branch_tv", "branches_hit", "fd"),
        spec.metrics());
  }

  @Test
  void exampleExpandsToFivePointsInSpecOrder() {
    List<GuidanceParams> points = parser.parse(SpecJson.EXAMPLE).points();

    assertEquals(5, points.size());
    assertEquals(new None.Params(), points.get(0));
    assertEquals(new Cfg.Params("toy-oracle:AB", 1.5), points.get(1));
    assertEquals(
        List.of("none", "cfg w=1.5", "cfg w=2", "cfg w=3", "cfg w=4"),
        points.stream().map(GuidanceParams::label).toList());
  }

  @Test
  void aListOfSeedsRepeatsEveryPointSeedBySeed() {
    ExperimentSpec spec = parser.parse(SpecJson.example().set("seed", "[3, 1]").json());

    assertEquals(List.of(3L, 1L), spec.seeds());
    List<ExperimentSpec.Run> runs = spec.runs();
    assertEquals(10, runs.size());
    assertEquals(
        List.of("none seed=3", "cfg w=1.5 seed=3", "cfg w=2 seed=3"),
        runs.subList(0, 3).stream().map(ExperimentSpec.Run::label).toList());
    assertEquals(new ExperimentSpec.Run(new None.Params(), null, 1, "none seed=1"), runs.get(5));
    assertEquals(parser.parse(parser.toJson(spec)), spec, "the list survives the canonical JSON");
    assertNotEquals(
        parser.hash(parser.parse(SpecJson.EXAMPLE)), parser.hash(spec), "seeds are content");
  }

  @Test
  void oneSeedKeepsPlainLabelsAndItsCanonicalNumber() {
    ExperimentSpec listed = parser.parse(SpecJson.example().set("seed", "[1]").json());

    assertEquals(parser.hash(parser.parse(SpecJson.EXAMPLE)), parser.hash(listed));
    assertEquals("cfg w=1.5", listed.runs().get(1).label());
  }

  @Test
  void pointsOfOneMethodWithDifferentGuidesSayWhichGuideInTheirLabels() {
    ExperimentSpec spec =
        parser.parse(
            """
            {"name": "guides", "main": "toy-oracle:A", "samples": 10,
             "sweep": [{"method": "none"},
                       {"method": "cfg", "guide": ["toy-oracle:AB", "toy-oracle:B"], "weights": [2]},
                       {"method": "apg", "guide": "toy-oracle:AB", "weights": [2]}]}
            """);

    assertEquals(
        List.of("none", "cfg w=2 (toy-oracle:AB)", "cfg w=2 (toy-oracle:B)", "apg η=0 w=2"),
        spec.runs().stream().map(ExperimentSpec.Run::label).toList());
  }

  @Test
  void minimalSpecGetsEveryDefault() {
    String json =
        """
        {"name": "  bare  ", "main": "toy-oracle:B", "sweep": [{"method": "none"}], "samples": 1}
        """;
    ExperimentSpec spec = parser.parse(json);

    assertEquals("bare", spec.name(), "name is trimmed");
    assertEquals(0, spec.priority());
    assertEquals(SamplerSettings.defaults(), spec.sampler());
    assertEquals(List.of(0L), spec.seeds());
    assertEquals(Metric.wireNames(Metric.defaults(Metric.Domain.TOY)), spec.metrics());
  }

  @Test
  void omittedSMaxFollowsTheSpecsSigmaMax() {
    ExperimentSpec spec = parser.parse(SpecJson.example().set("sampler.sigmaMax", "80").json());

    assertEquals(80, spec.sampler().sMax());
  }

  @Test
  void metricsAreSortedIntoCanonicalOrder() {
    ExperimentSpec spec =
        parser.parse(SpecJson.example().set("metrics", "[\"fd\", \"log_likelihood\"]").json());

    assertEquals(List.of("log_likelihood", "fd"), spec.metrics());
  }

  @Test
  void metricsAddedForKnnKidAndJackknifeFollowTheOriginalOnes() {
    ExperimentSpec spec =
        parser.parse(
            SpecJson.example()
                .set("metrics", "[\"kid\", \"precision\", \"fd_debiased\", \"fd\", \"coverage\"]")
                .json());

    assertEquals(List.of("fd", "fd_debiased", "precision", "coverage", "kid"), spec.metrics());
  }

  @Test
  void integralFloatsAreAcceptedAsIntegers() {
    ExperimentSpec spec =
        parser.parse(SpecJson.example().set("samples", "1e4").set("sampler.steps", "32.0").json());

    assertEquals(10000, spec.samples());
    assertEquals(32, spec.sampler().steps());
  }

  @Test
  void dataStartIsAllowedForToyMain() {
    ExperimentSpec spec = parser.parse(SpecJson.example().set("sampler.start", "\"data\"").json());

    assertEquals(Start.DATA, spec.sampler().start());
  }

  @Test
  void explicitNullCountsAsAbsent() {
    ExperimentSpec spec =
        parser.parse(
            SpecJson.example().set("priority", "null").set("sweep[0].guide", "null").json());

    assertEquals(0, spec.priority());
    assertNull(spec.sweep().get(0).values("guide"));
  }

  // ---- canonical JSON and hash -------------------------------------------------------------

  @Test
  void toJsonRoundTripsToAnEqualSpec() {
    ExperimentSpec example = parser.parse(SpecJson.EXAMPLE);
    ExperimentSpec unusual =
        parser.parse(
            SpecJson.example()
                .set(
                    "sampler",
                    "{\"churn\": 40, \"sMin\": 0.05, \"sMax\": 1e-1, \"start\": \"data\"}")
                .set("seed", "9223372036854775807")
                .set("name", "\"σ ≥ 0 — ünïcode\"")
                .json());

    assertEquals(example, parser.parse(parser.toJson(example)));
    assertEquals(unusual, parser.parse(parser.toJson(unusual)));
    assertEquals(parser.toJson(unusual), parser.toJson(parser.parse(parser.toJson(unusual))));
  }

  @Test
  void toJsonWritesFixedKeyOrderNumbersAndLowercaseStart() {
    String json = parser.toJson(parser.parse(SpecJson.EXAMPLE));

    assertEquals(
        "{\"name\":\"cfg vs none on the toy\",\"priority\":0,\"reuse\":true,"
            + "\"main\":\"toy-oracle:A\","
            + "\"sweep\":[{\"method\":\"none\"},"
            + "{\"method\":\"cfg\",\"guide\":\"toy-oracle:AB\",\"weights\":[1.5,2.0,3.0,4.0]}],"
            + "\"sampler\":{\"steps\":32,\"sigmaMin\":0.002,\"sigmaMax\":5.0,\"rho\":7.0,"
            + "\"order\":2,\"churn\":0.0,\"sMin\":0.0,\"sMax\":5.0,\"sNoise\":1.0,"
            + "\"start\":\"noise\"},"
            + "\"samples\":10000,\"seed\":1,"
            + "\"metrics\":[\"log_likelihood\",\"outlier_fraction\",\"branch_tv\","
            + "\"branches_hit\",\"fd\"]}",
        json);
  }

  @Test
  void hashIgnoresKeyOrderWhitespaceAndDefaultsSpelledOut() {
    String reordered =
        """
        {"metrics":["fd","branches_hit","branch_tv","outlier_fraction","log_likelihood"],
         "seed":1,"samples":1e4,
         "sampler":{"churn":0,"order":2,"rho":7,"sigmaMax":5.0,"sigmaMin":0.002,"steps":32,
                    "sMax":5,"start":"noise"},
         "sweep":[{"method":"none"},{"weights":[1.5,2.0,3,4],"guide":"toy-oracle:AB","method":"cfg"}],
         "main":"toy-oracle:A","name":"cfg vs none on the toy"}
        """;
    String hash = parser.hash(parser.parse(SpecJson.EXAMPLE));

    assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    assertEquals(hash, parser.hash(parser.parse(reordered)));
    assertEquals(hash, parser.hash(parser.parse(SpecJson.example().json())));
  }

  @Test
  void hashChangesWithAWeight() {
    String hash = parser.hash(parser.parse(SpecJson.EXAMPLE));
    String changed = SpecJson.example().set("sweep[1].weights[1]", "2.5").json();

    assertNotEquals(hash, parser.hash(parser.parse(changed)));
  }

  @Test
  void hashIgnoresNameAndPriority() {
    String hash = parser.hash(parser.parse(SpecJson.EXAMPLE));
    String renamed = SpecJson.example().set("name", "\"another title\"").json();
    String urgent = SpecJson.example().set("priority", "10").json();

    assertEquals(hash, parser.hash(parser.parse(renamed)));
    assertEquals(hash, parser.hash(parser.parse(urgent)));
  }

  @Test
  void reuseIsOnUnlessTheSpecSaysOtherwiseAndIsNotPartOfTheHash() {
    ExperimentSpec reused = parser.parse(SpecJson.EXAMPLE);
    ExperimentSpec fresh = parser.parse(SpecJson.example().set("reuse", "false").json());

    assertTrue(reused.reuse());
    assertFalse(fresh.reuse());
    assertEquals(parser.hash(reused), parser.hash(fresh));
    assertEquals(fresh, parser.parse(parser.toJson(fresh)));
    assertFalse(
        new SpecParser(
                ModelLookup.of(Set.of("toy-oracle:A", "toy-oracle:AB")::contains, id -> false),
                SpecParser.MAX_SAMPLES,
                false)
            .parse(SpecJson.EXAMPLE)
            .reuse(),
        "guidelab.spec.reuse=false");
    assertMessage(
        SpecJson.example().set("reuse", "\"yes\""),
        "reuse",
        "must be true or false, got string \"yes\"");
  }

  @Test
  void priorityIsKeptInTheCanonicalJson() {
    ExperimentSpec late = parser.parse(SpecJson.example().set("priority", "-10").json());

    assertEquals(-10, late.priority());
    assertTrue(parser.toJson(late).contains("the toy\",\"priority\":-10,"));
    assertEquals(late, parser.parse(parser.toJson(late)));
    assertEquals(
        3, parser.parse(SpecJson.example().set("priority", "3.0").json()).priority(), "integral");
    assertMessage(
        SpecJson.example().set("priority", "11"),
        "priority",
        "must be an integer in -10..10, got 11");
  }

  // ---- whole-document errors ---------------------------------------------------------------

  @Test
  void unparsableJsonIsOneRootErrorWithTheParsersMessage() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse("{\"name\": \"x\",, }"));

    assertEquals(1, e.errors().size());
    FieldError error = e.errors().get(0);
    assertEquals(FieldError.ROOT, error.field());
    assertTrue(error.message().startsWith("not valid JSON: "), error.message());
    assertTrue(error.message().contains("line 1, column"), error.message());
    assertFalse(error.message().contains("\tat "), "no stack trace: " + error.message());
    assertFalse(error.message().contains("com.fasterxml"), "no class names: " + error.message());
  }

  @Test
  void documentsThatAreNotOneObjectAreRootErrors() {
    for (String json :
        List.of(
            "", "   ", "[1, 2]", "42", "\"spec\"", "null", "{} {}", "{\"name\": 1, \"name\": 2}")) {
      InvalidRequestException e =
          assertThrows(InvalidRequestException.class, () -> parser.parse(json));
      assertEquals(List.of(FieldError.ROOT), fields(e), "for input <" + json + ">");
      String message = e.errors().get(0).message();
      assertFalse(message.contains("com.fasterxml") || message.contains("Feature"), message);
    }
  }

  @Test
  void threeIndependentProblemsAreAllReported() {
    String json =
        SpecJson.example()
            .set("sampler.steps", "0")
            .set("sweep[1].method", "\"xyz\"")
            .set("colour", "\"blue\"")
            .json();

    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(json));

    assertEquals(Set.of("colour", "sweep[1].method", "sampler.steps"), Set.copyOf(fields(e)));
    assertTrue(e.getMessage().contains("3 errors"), e.getMessage());
  }

  @Test
  void typeErrorsAreFieldErrorsNotExceptions() {
    String json =
        """
        {"name": 1, "owner": [], "main": {}, "sweep": [{"method": "cfg", "guide": 7,
         "weights": [true, null, "2", 1e400]}], "sampler": {"steps": 2.5, "rho": "7",
         "start": false}, "samples": 1e400, "seed": 0.5, "metrics": [null]}
        """;

    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(json));

    assertEquals(
        List.of(
            "owner",
            "name",
            "main",
            "sweep[0].guide",
            "sweep[0].weights[0]",
            "sweep[0].weights[1]",
            "sweep[0].weights[2]",
            "sweep[0].weights[3]",
            "sampler.steps",
            "sampler.rho",
            "sampler.start",
            "samples",
            "seed",
            "metrics[0]"),
        fields(e));
  }

  @Test
  void emptyObjectListsEveryRequiredField() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse("{}"));

    assertEquals(List.of("name", "main", "sweep", "samples"), fields(e));
  }

  @Test
  void messagesSayWhatIsAllowed() {
    assertAll(
        () ->
            assertMessage(
                SpecJson.example().set("colour", "1"),
                "colour",
                "unknown field; allowed: name, priority, reuse, main, condition, sweep,"
                    + " sampler, samples, seed, metrics, features, reference"),
        () ->
            assertMessage(
                SpecJson.example().set("sweep[1].method", "\"xyz\""),
                "sweep[1].method",
                "unknown method 'xyz'; allowed: none, cfg, autoguidance, interval, apg, icg, tsg,"
                    + " cads, blend"),
        () ->
            assertMessage(
                SpecJson.example().set("main", "\"foo\""),
                "main",
                "unknown model 'foo'; known models are listed at GET /api/models"),
        () ->
            assertMessage(
                SpecJson.example().set("sampler.churn", "-1"),
                "sampler.churn",
                "must be ≥ 0, got -1"),
        () ->
            assertMessage(
                SpecJson.example().set("samples", "0"),
                "samples",
                "must be an integer in 1..1000000, got 0"),
        () ->
            assertMessage(
                SpecJson.example().set("sampler.steps", "\"32\""),
                "sampler.steps",
                "must be an integer in 1..1000, got string \"32\""),
        () ->
            assertMessage(
                SpecJson.example().set("sweep[1].weights", "[" + range(501) + "]"),
                "sweep",
                "expands to 502 points; at most 500 are allowed per experiment"),
        () ->
            assertMessage(
                SpecJson.example().set("sweep[1].weights[0]", "1e400"),
                "sweep[1].weights[0]",
                "must be a finite number, got 1E+400"),
        () ->
            assertMessage(
                SpecJson.example().set("sweep[1].wieghts", "[1]"),
                "sweep[1].wieghts",
                "unknown field; allowed: method, guide, weights (did you mean 'weights'?)"));
  }

  // ---- malformed specs: each names its offending field -------------------------------------

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformedSpecs")
  void malformedSpecIsRejectedAtItsField(String problem, String json, String field) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(json));

    assertEquals(List.of(field), fields(e), problem + ": " + e.errors());
  }

  static Stream<Arguments> malformedSpecs() {
    return Stream.of(
        bad("name missing", ex().remove("name"), "name"),
        bad("name blank", ex().set("name", "\"   \""), "name"),
        bad("name too long", ex().set("name", quoted("n".repeat(201))), "name"),
        bad("name not a string", ex().set("name", "42"), "name"),
        bad("owner: the caller, not the spec", ex().set("owner", "\"alice\""), "owner"),
        bad("priority above the range", ex().set("priority", "11"), "priority"),
        bad("priority below the range", ex().set("priority", "-11"), "priority"),
        bad("priority not an integer", ex().set("priority", "1.5"), "priority"),
        bad("priority a string", ex().set("priority", "\"high\""), "priority"),
        bad("main missing", ex().remove("main"), "main"),
        bad("main unknown", ex().set("main", "\"foo\""), "main"),
        bad("main not a string", ex().set("main", "[\"toy-oracle:A\"]"), "main"),
        bad("unknown top-level field", ex().set("colour", "\"blue\""), "colour"),
        bad("sweep missing", ex().remove("sweep"), "sweep"),
        bad("sweep empty", ex().set("sweep", "[]"), "sweep"),
        bad("sweep not an array", ex().set("sweep", "{\"method\": \"none\"}"), "sweep"),
        bad("sweep entry not an object", ex().set("sweep[0]", "\"none\""), "sweep[0]"),
        bad("unknown field in entry", ex().set("sweep[1].wieghts", "[1]"), "sweep[1].wieghts"),
        bad("method missing", ex().remove("sweep[1].method"), "sweep[1].method"),
        bad("method unknown", ex().set("sweep[1].method", "\"xyz\""), "sweep[1].method"),
        bad("method not a string", ex().set("sweep[0].method", "1"), "sweep[0].method"),
        bad("none with guide", ex().set("sweep[0].guide", "\"toy-oracle:B\""), "sweep[0].guide"),
        bad("none with weights", ex().set("sweep[0].weights", "[1]"), "sweep[0].weights"),
        bad("cfg without guide", ex().remove("sweep[1].guide"), "sweep[1].guide"),
        bad("cfg guide unknown", ex().set("sweep[1].guide", "\"foo\""), "sweep[1].guide"),
        bad("cfg without weights", ex().remove("sweep[1].weights"), "sweep[1].weights"),
        bad("cfg weights empty", ex().set("sweep[1].weights", "[]"), "sweep[1].weights"),
        bad("cfg weights not an array", ex().set("sweep[1].weights", "2"), "sweep[1].weights"),
        bad("weight negative", ex().set("sweep[1].weights[2]", "-1"), "sweep[1].weights[2]"),
        bad("weight a string", ex().set("sweep[1].weights[0]", "\"2\""), "sweep[1].weights[0]"),
        bad("weight overflows", ex().set("sweep[1].weights[3]", "1e400"), "sweep[1].weights[3]"),
        bad("weight duplicated", ex().set("sweep[1].weights[3]", "2.0"), "sweep[1].weights[3]"),
        bad(
            "point repeated across entries",
            ex().set("sweep[2]", "{\"method\": \"none\"}"),
            "sweep[2]"),
        bad("too many points", ex().set("sweep[1].weights", "[" + range(500) + "]"), "sweep"),
        bad("sampler not an object", ex().set("sampler", "[32]"), "sampler"),
        bad("unknown sampler field", ex().set("sampler.foo", "1"), "sampler.foo"),
        bad("steps zero", ex().set("sampler.steps", "0"), "sampler.steps"),
        bad("steps fractional", ex().set("sampler.steps", "2.5"), "sampler.steps"),
        bad("steps too many", ex().set("sampler.steps", "1001"), "sampler.steps"),
        bad("steps a string", ex().set("sampler.steps", "\"32\""), "sampler.steps"),
        bad("sigmaMin zero", ex().set("sampler.sigmaMin", "0"), "sampler.sigmaMin"),
        bad("sigmaMax negative", ex().set("sampler.sigmaMax", "-1"), "sampler.sigmaMax"),
        bad("sigmaMin above sigmaMax", ex().set("sampler.sigmaMin", "10"), "sampler.sigmaMin"),
        bad("rho zero", ex().set("sampler.rho", "0"), "sampler.rho"),
        bad("order three", ex().set("sampler.order", "3"), "sampler.order"),
        bad("churn negative", ex().set("sampler.churn", "-1"), "sampler.churn"),
        bad("sMin negative", ex().set("sampler.sMin", "-0.1"), "sampler.sMin"),
        bad(
            "sMax below sMin",
            ex().set("sampler.sMin", "1").set("sampler.sMax", "0.5"),
            "sampler.sMax"),
        bad("sMin above defaulted sMax", ex().set("sampler.sMin", "6"), "sampler.sMin"),
        bad("sNoise negative", ex().set("sampler.sNoise", "-0.5"), "sampler.sNoise"),
        bad("start unknown", ex().set("sampler.start", "\"warm\""), "sampler.start"),
        bad("start not a string", ex().set("sampler.start", "1"), "sampler.start"),
        bad(
            "data start on a non-toy main",
            ex().set("main", "\"edm2-xs\"").set("sampler.start", "\"data\""),
            "sampler.start"),
        bad("samples missing", ex().remove("samples"), "samples"),
        bad("samples zero", ex().set("samples", "0"), "samples"),
        bad("samples too many", ex().set("samples", "1000001"), "samples"),
        bad("samples fractional", ex().set("samples", "2.5"), "samples"),
        bad("samples overflow", ex().set("samples", "1e400"), "samples"),
        bad("seed negative", ex().set("seed", "-1"), "seed"),
        bad("seed a string", ex().set("seed", "\"1\""), "seed"),
        bad("seeds empty", ex().set("seed", "[]"), "seed"),
        bad("seeds repeat one", ex().set("seed", "[1, 2, 1]"), "seed[2]"),
        bad("seeds negative", ex().set("seed", "[1, -2]"), "seed[1]"),
        bad("seeds too many", ex().set("seed", "[" + range(101) + "]"), "seed"),
        bad(
            "points × seeds over 500",
            ex().set("sweep[1].weights", "[1, 2, 3, 4, 5]").set("seed", "[" + range(100) + "]"),
            "seed"),
        bad("seed beyond long", ex().set("seed", "1e30"), "seed"),
        bad("metrics empty", ex().set("metrics", "[]"), "metrics"),
        bad("metrics a string", ex().set("metrics", "\"fd\""), "metrics"),
        bad("metric unknown", ex().set("metrics[0]", "\"fid\""), "metrics[0]"),
        bad("metric not a string", ex().set("metrics[0]", "3"), "metrics[0]"),
        bad("metric duplicated", ex().set("metrics[1]", "\"log_likelihood\""), "metrics[1]"));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static SpecJson ex() {
    return SpecJson.example();
  }

  private static Arguments bad(String problem, SpecJson json, String field) {
    return Arguments.of(problem, json.json(), field);
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  /** {@code 0,1,...,n-1} as a JSON array body. */
  private static String range(int n) {
    return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  private static List<String> fields(InvalidRequestException e) {
    return e.errors().stream().map(FieldError::field).toList();
  }

  private void assertMessage(SpecJson json, String field, String message) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parser.parse(json.json()));
    assertEquals(List.of(new FieldError(field, message)), e.errors());
  }
}
