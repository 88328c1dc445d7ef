package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.features.Fixtures;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.references.NpzWriter;
import dev.guidelab.references.ReferenceStore;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.ImageRegistrations;
import dev.guidelab.testing.References;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A class-conditional image model end to end through REST, Kafka, the worker and PostgreSQL: the
 * fixture {@code gaussian-classes.pt} (class c's images are {@code N(μ + δ_c, s²I)}, the null
 * condition's {@code N(μ, s²I)}; tools/make_denoiser_fixtures.py) sampled with a fixed class, with
 * CFG against its own null condition, and with a random class per sample. Each must measure as
 * exact samples of its analytic distribution in the feature network's space: Fréchet distance 0
 * within its jackknife standard error against reference statistics of exact samples of that
 * distribution.
 *
 * <p>The analytic distributions: the fixed class c is {@code N(μ + δ_c, s²I)}; CFG with weight w
 * against the null condition is the exact denoiser of {@code N(μ + w·δ_c, s²I)} (the denoiser is
 * affine in the class mean, see ClassConditionalSamplingTest); random classes are the even mixture
 * of the two classes. Measured: the three points at 0.5 to 1.3 standard errors from 0; against the
 * same references the other class lies 137 SE away, CFG at w = 1.8 instead of 2 25 SE and a fixed
 * class against the mixture 86 SE, so the test has power well beyond its 4-SE bound.
 *
 * <p>The Top-1 class diagnostic runs the same model through the fixture network with a two-class
 * head (the classes' Bayes classifier, whose means lie 52 s apart: every exact sample is classified
 * as its class), against a reference computed over REST from exact images of random classes.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ClassConditionalImageFlowTest {

  private static final String MODEL = "flow-classes";
  private static final String FEATURES = "flow-classes-pooled";
  private static final String CLASSIFIER = "flow-classes-classifier";

  @TestHTTPResource("/")
  URI root;

  @Inject ReferenceStore references;

  @Test
  void aFixedClassCfgAgainstTheNullConditionAndRandomClassesEachSampleTheirExactDistribution()
      throws Exception {
    ImageRegistrations.model(ImageFixtures.CLASSES, MODEL, 2);
    ImageRegistrations.featureNetwork(FEATURES);
    double[] mu = ImageFixtures.mu();
    double[] class0 = ImageFixtures.classMean(0);
    double[] class1 = ImageFixtures.classMean(1);
    double[] cfg = new double[mu.length]; // μ + 2·δ_1
    for (int i = 0; i < mu.length; i++) {
      cfg[i] = mu[i] + 2 * (class1[i] - mu[i]);
    }
    reference("flow-class-1", rng -> class1);
    reference("flow-cfg2-class-1", rng -> cfg);
    reference("flow-classes-mixed", rng -> rng.nextBoolean() ? class1 : class0);

    JsonNode fixed = run("1", "[{\"method\": \"none\"}]", "flow-class-1");
    JsonNode guided = run("1", "[{\"method\": \"cfg\", \"weights\": [2]}]", "flow-cfg2-class-1");
    JsonNode random = run(null, "[{\"method\": \"none\"}]", "flow-classes-mixed");

    ImageFlows.assertExact(fixed.get("points").get(0), "class 1");
    ImageFlows.assertExact(guided.get("points").get(0), "cfg w=2 on class 1");
    ImageFlows.assertExact(random.get("points").get(0), "a random class per sample");
    // The stored specs: the class as given, "random" filled in as the default.
    assertEquals(1, fixed.at("/spec/condition").asInt());
    assertEquals("random", random.at("/spec/condition").asText());
    // NFE: 2·128 − 1 per evaluation; CFG evaluates the same network twice (c and ∅).
    assertEquals(255, fixed.at("/points/0/nfePerSample").asDouble(), 1e-9);
    assertEquals(510, guided.at("/points/0/nfePerSample").asDouble(), 1e-9);
  }

  @Test
  void top1TvOfAFixedClassIsTheReferencesShareOfTheOtherClassAndOfRandomClassesZero()
      throws Exception {
    ImageRegistrations.model(ImageFixtures.CLASSES, MODEL, 2);
    ImageRegistrations.classifier(CLASSIFIER);
    // 2000 exact images of random classes, quantised as the worker quantises, uploaded as .npz.
    int n = 2000;
    int dim = ImageFixtures.SHAPE.dim();
    double[][] means = {ImageFixtures.classMean(0), ImageFixtures.classMean(1)};
    SplittableRandom rng = new SplittableRandom(21);
    double[] x = new double[n * dim];
    long[] classes = new long[2];
    for (int j = 0; j < n; j++) {
      int c = rng.nextBoolean() ? 1 : 0;
      classes[c]++;
      for (int i = 0; i < dim; i++) {
        x[j * dim + i] = means[c][i] + ImageFixtures.s() * ImageFlows.gaussian(rng);
      }
    }
    byte[] npz =
        new NpzWriter()
            .uint8("images", Fixtures.quantised(x, 3, 16, 16).pixels(), n, 3, 16, 16)
            .bytes();
    JsonNode stored =
        References.computeAndWait(
            npz, Map.of("name", "flow-top1-mixed", "features", CLASSIFIER), Duration.ofMinutes(2));
    assertEquals(2, stored.get("top1Classes").asInt(), stored.toPrettyString());

    List<String> metrics = List.of("fd", "top1_tv");
    String none = "[{\"method\": \"none\"}]";
    JsonNode fixed = run("1", none, CLASSIFIER, "flow-top1-mixed", metrics);
    JsonNode random = run(null, none, CLASSIFIER, "flow-top1-mixed", metrics);

    // Class 1 only: TV = q̂₀, the reference's share of class 0, with q̂₀'s binomial SE.
    double q0 = (double) classes[0] / n;
    JsonNode point = fixed.get("points").get(0);
    assertEquals(q0, point.at("/metrics/top1_tv").asDouble(), 1e-12, point.toString());
    assertEquals(Math.sqrt(q0 * (1 - q0) / n), point.at("/stderr/top1_tv").asDouble(), 1e-12);
    JsonNode histograms =
        Experiments.get(
            "/api/experiments/"
                + fixed.get("id").asText()
                + "/points/"
                + point.get("id").asText()
                + "/top1");
    assertEquals(List.of(0L, (long) ImageFlows.SAMPLES), longs(histograms.get("generated")));
    assertEquals(List.of(classes[0], classes[1]), longs(histograms.get("reference")));
    assertEquals(q0, histograms.get("tv").asDouble(), 1e-12);
    // Random classes: the same class mix, so TV is 0 up to its sampling spread (≈ 0.8 SE on
    // average), with the SE of two balanced shares ½ √(1/n + 1/N).
    JsonNode mixed = random.get("points").get(0);
    double tv = mixed.at("/metrics/top1_tv").asDouble();
    double se = mixed.at("/stderr/top1_tv").asDouble();
    assertEquals(0.5 * Math.sqrt(1.0 / ImageFlows.SAMPLES + 1.0 / n), se, 1e-3);
    assertTrue(tv < 4 * se, "top1_tv " + tv + " ± " + se);
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asLong()));
    return values;
  }

  /** Reference statistics of exact samples whose mean each sample draws by {@code mean}. */
  private void reference(String name, Function<SplittableRandom, double[]> mean) {
    references.saveIfAbsent(
        ImageFlows.exactReference(name, FEATURES, 11, mean),
        "exact samples of gaussian-classes through " + FEATURES);
  }

  /** Submits one sweep of the class-conditional model and follows it to its end. */
  private JsonNode run(String condition, String sweep, String reference) throws Exception {
    return run(condition, sweep, FEATURES, reference, List.of());
  }

  /** As {@link #run(String, String, String)} in {@code features}, asking for {@code metrics}. */
  private JsonNode run(
      String condition, String sweep, String features, String reference, List<String> metrics)
      throws Exception {
    String spec =
        ImageFlows.spec(
            "classes " + reference, MODEL, condition, sweep, features, reference, metrics);
    JsonNode experiment = Experiments.runToEnd(root, spec, Duration.ofMinutes(4));
    assertEquals("COMPLETED", experiment.get("state").asText(), experiment.toPrettyString());
    return experiment;
  }
}
