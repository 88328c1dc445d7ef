package dev.guidelab.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.metrics.Metric;
import dev.guidelab.models.ModelKind;
import dev.guidelab.models.PinnedModel;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.toy.ToyClass;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A point's content hash changes with every input of its numbers and with the numerics version, and
 * with nothing else: not the sample count (a point of more samples extends one of fewer), not the
 * guides other points of the sweep name.
 */
class PointContentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PinnedModel MAIN =
      new PinnedModel("toy-mlp:A-64-4096", ModelKind.TOY_MLP, "sha-main", ToyClass.A, false, null);
  private static final PinnedModel GUIDE =
      new PinnedModel("toy-mlp:A-32-512", ModelKind.TOY_MLP, "sha-guide", ToyClass.A, false, null);
  private static final PinnedModel OTHER =
      new PinnedModel("toy-mlp:AB-32-512", ModelKind.TOY_MLP, "sha-ab", ToyClass.AB, false, null);
  private static final List<Metric> METRICS = List.of(Metric.LOG_LIKELIHOOD, Metric.FD);

  private static ResolvedSweep sweep(
      PinnedModel main, Map<String, PinnedModel> guides, int samples, SamplerSettings sampler) {
    return new ResolvedSweep(main, Map.of(), guides, null, sampler, samples, METRICS, null, null);
  }

  private static ResolvedSweep sweep(Map<String, PinnedModel> guides, int samples) {
    return sweep(MAIN, guides, samples, SamplerSettings.defaults());
  }

  private static JsonNode autoguidance(double w) {
    return JSON.createObjectNode()
        .put("method", "autoguidance")
        .put("guide", GUIDE.name())
        .put("w", w);
  }

  private static String hash(ResolvedSweep sweep, JsonNode guidance, long seed) {
    return PointContent.hash(JSON, sweep, null, List.of(GUIDE.name()), guidance, seed);
  }

  @Test
  void aPointsOwnMainModelHasTheContentOfASweepWithThatMain() {
    PinnedModel wider =
        new PinnedModel(
            MAIN.name() + "@ema=0.05", MAIN.kind(), "sha-wider", ToyClass.A, false, null);
    Map<String, PinnedModel> guides = Map.of(GUIDE.name(), GUIDE);
    ResolvedSweep emaSweep =
        new ResolvedSweep(
            MAIN,
            Map.of(wider.name(), wider),
            guides,
            null,
            SamplerSettings.defaults(),
            10_000,
            METRICS,
            null,
            null);
    JsonNode guidance = autoguidance(2);
    List<String> guide = List.of(GUIDE.name());
    String own = PointContent.hash(JSON, emaSweep, wider.name(), guide, guidance, 1);
    assertEquals(
        hash(sweep(wider, guides, 10_000, SamplerSettings.defaults()), guidance, 1),
        own,
        "the same computation as an experiment whose main is that model");
    assertEquals(
        hash(sweep(guides, 10_000), guidance, 1),
        PointContent.hash(JSON, emaSweep, null, guide, guidance, 1),
        "the other points' main models are not part of a point's content");
    assertNotEquals(hash(sweep(guides, 10_000), guidance, 1), own);
  }

  @Test
  void theSampleCountAndTheOtherPointsGuidesAreNotPartOfTheContent() {
    String base = hash(sweep(Map.of(GUIDE.name(), GUIDE), 10_000), autoguidance(2), 1);
    assertEquals(base, hash(sweep(Map.of(GUIDE.name(), GUIDE), 20_000), autoguidance(2), 1));
    assertEquals(
        base,
        hash(sweep(Map.of(GUIDE.name(), GUIDE, OTHER.name(), OTHER), 10_000), autoguidance(2), 1));
  }

  @Test
  void theOrderOfAnObjectsFieldsIsNotPartOfTheContent() throws Exception {
    // As the api builds a point's guidance, and as PostgreSQL's jsonb hands it to a worker.
    JsonNode built = JSON.readTree("{\"method\": \"autoguidance\", \"guide\": \"g\", \"w\": 2.0}");
    JsonNode stored = JSON.readTree("{\"w\": 2.0, \"guide\": \"g\", \"method\": \"autoguidance\"}");
    ResolvedSweep sweep = sweep(Map.of("g", GUIDE), 10_000);
    assertEquals(
        PointContent.hash(JSON, sweep, null, List.of("g"), built, 1),
        PointContent.hash(JSON, sweep, null, List.of("g"), stored, 1));
  }

  @Test
  void everyInputOfTheNumbersChangesTheContent() {
    Map<String, PinnedModel> guides = Map.of(GUIDE.name(), GUIDE);
    PinnedModel retrainedGuide =
        new PinnedModel(GUIDE.name(), GUIDE.kind(), "sha-other", ToyClass.A, false, null);
    PinnedModel retrainedMain =
        new PinnedModel(MAIN.name(), MAIN.kind(), "sha-other", ToyClass.A, false, null);
    SamplerSettings defaults = SamplerSettings.defaults();
    SamplerSettings fewerSteps =
        new SamplerSettings(
            16,
            defaults.sigmaMin(),
            defaults.sigmaMax(),
            defaults.rho(),
            defaults.order(),
            defaults.churn(),
            defaults.sMin(),
            defaults.sMax(),
            defaults.sNoise(),
            defaults.start());
    ResolvedSweep sweep = sweep(guides, 10_000);
    List<String> contents =
        List.of(
            hash(sweep, autoguidance(2), 1),
            hash(sweep, autoguidance(2.5), 1),
            hash(sweep, autoguidance(2), 2),
            hash(sweep(Map.of(GUIDE.name(), retrainedGuide), 10_000), autoguidance(2), 1),
            hash(sweep(retrainedMain, guides, 10_000, defaults), autoguidance(2), 1),
            hash(sweep(MAIN, guides, 10_000, fewerSteps), autoguidance(2), 1),
            hash(
                new ResolvedSweep(
                    MAIN, Map.of(), guides, null, defaults, 10_000, List.of(), null, null),
                autoguidance(2),
                1),
            PointContent.hash(
                PointContent.NUMERICS + 1,
                JSON,
                sweep,
                null,
                List.of(GUIDE.name()),
                autoguidance(2),
                1));
    Set<String> distinct = new HashSet<>(contents);
    assertEquals(contents.size(), distinct.size(), "every variation has its own content");
    assertTrue(contents.get(0).matches("[0-9a-f]{64}"), contents.get(0));
    assertNotEquals(contents.get(0), contents.get(contents.size() - 1), "numerics version");
  }
}
