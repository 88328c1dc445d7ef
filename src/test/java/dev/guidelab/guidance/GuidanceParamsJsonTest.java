package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Point params as the ledger stores them ({@code point.params}): Jackson JSON with a discriminator.
 */
class GuidanceParamsJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<GuidanceParams> everyMethod() {
    return Stream.of(
        new None.Params(),
        new Cfg.Params("toy-oracle:AB", 2),
        new Cfg.Params(null, 1.5),
        new Autoguidance.Params("toy-mlp:A-32-512", 2),
        Interval.Params.bySigma(new Cfg.Params("x", 2), 0.28, 1.61),
        Interval.Params.bySteps(new Apg.Params(null, 0, 15, -0.5, 4), 17, 22),
        new Apg.Params("g", 0, 15, -0.5, 4),
        new Icg.Params(ConditionNoise.GAUSSIAN, 3),
        new Tsg.Params(1, 0.5, 2),
        new Cads.Params(
            Interval.Params.bySigma(new Autoguidance.Params("g", 2), 0.2, 2),
            0.6,
            0.9,
            0.25,
            1,
            true),
        new Blend.Params(null, "g", 0.5, 2));
  }

  @ParameterizedTest
  @MethodSource("everyMethod")
  void jsonRoundTripsToAnEqualRecord(GuidanceParams params) throws Exception {
    String json = JSON.writeValueAsString(params);

    assertEquals(params, JSON.readValue(json, GuidanceParams.class), json);
    assertEquals(params.method(), JSON.readTree(json).get("method").asText());
  }

  @Test
  void jsonNamesTheMethodAndParameters() throws Exception {
    assertEquals(
        "{\"method\":\"interval\",\"inner\":{\"method\":\"cfg\",\"guide\":\"x\",\"weight\":2.0},"
            + "\"sigmaLo\":0.28,\"sigmaHi\":1.61,\"stepFrom\":null,\"stepTo\":null}",
        JSON.writeValueAsString(Interval.Params.bySigma(new Cfg.Params("x", 2), 0.28, 1.61)));
    assertEquals(
        "{\"method\":\"icg\",\"conditionNoise\":\"random-class\",\"weight\":2.0}",
        JSON.writeValueAsString(new Icg.Params(ConditionNoise.RANDOM_CLASS, 2)));
    assertEquals("{\"method\":\"none\"}", JSON.writeValueAsString(new None.Params()));
  }

  @Test
  void oldCfgRowsStillRead() throws Exception {
    // Rows written before this hierarchy: {"method":"cfg","guide":…,"weight":…}.
    assertEquals(
        new Cfg.Params("toy-oracle:AB", 2),
        JSON.readValue(
            "{\"method\":\"cfg\",\"guide\":\"toy-oracle:AB\",\"weight\":2.0}",
            GuidanceParams.class));
  }

  @Test
  void labelsNameTheMethodAndItsSweptParameters() {
    assertEquals(
        List.of(
            "none",
            "cfg w=2",
            "cfg w=1.5",
            "autoguidance w=2",
            "interval[0.28,1.61] cfg w=2",
            "interval[steps 17..22] apg η=0 r=15 β=-0.5 w=4",
            "apg η=0 r=15 β=-0.5 w=4",
            "icg gaussian w=3",
            "tsg s=1 α=0.5 w=2",
            "cads[0.6,0.9 s=0.25 ψ=1] interval[0.2,2] autoguidance w=2",
            "blend mix=0.5 w=2"),
        everyMethod().map(GuidanceParams::label).toList());
    assertEquals("apg η=0 w=4", new Apg.Params(null, 0, 0, 0, 4).label());
  }

  @Test
  void recordsRejectValuesOutsideTheirRanges() {
    assertThrows(IllegalArgumentException.class, () -> new Cfg.Params(null, -1));
    assertThrows(IllegalArgumentException.class, () -> new Apg.Params(null, 0, 0, 1, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Interval.Params(new Cfg.Params(null, 2), 0.2, 1.0, 3, 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Cads.Params(new None.Params(), 0.9, 0.6, 0.25, 1, true));
    assertThrows(IllegalArgumentException.class, () -> new Blend.Params(null, "g", 1.5, 2));
  }
}
