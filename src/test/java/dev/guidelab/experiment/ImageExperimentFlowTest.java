package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.models.Hashes;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.references.ReferenceStore;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An image experiment end to end: a TorchScript denoiser and a feature network registered over
 * REST, reference statistics of exact samples of the analytic distribution in that network's space,
 * and sweeps measured there by the worker. The exact denoiser's Fréchet distance must be 0 within
 * its jackknife standard error; a wrong model's must be far from 0.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ImageExperimentFlowTest {

  private static final String FEATURES = "flow-pooled";
  private static final String REFERENCE = "flow-exact-images";

  @TestHTTPResource("/")
  URI root;

  @Inject ReferenceStore references;

  @Test
  void exactDenoiserMeasuresZeroInFeatureSpaceWithinItsStandardErrorAndAWrongOneDoesNot()
      throws Exception {
    ImageFlows.registerModel(ImageFixtures.EXACT, "flow-exact", 0);
    ImageFlows.registerModel(ImageFixtures.BAD, "flow-bad", 0);
    ImageFlows.registerFeatures(FEATURES);
    double[] mu = ImageFixtures.mu();
    references.saveIfAbsent(
        ImageFlows.exactReference(REFERENCE, FEATURES, 7, rng -> mu),
        "exact samples of N(μ, s²I) through " + FEATURES);

    JsonNode exact =
        run(
            "flow-exact",
            "[{\"method\": \"none\"}, {\"method\": \"autoguidance\", \"guide\": \"flow-bad\","
                + " \"weights\": [2]}]");
    JsonNode bad = run("flow-bad", "[{\"method\": \"none\"}]");

    JsonNode unguided = exact.get("points").get(0);
    ImageFlows.assertExact(unguided, "the exact model");
    double fd = unguided.at("/metrics/fd").asDouble();
    double se = unguided.at("/stderr/fd_debiased").asDouble();
    // NFE: 2·128 − 1 per network; w = 2 evaluates the guide too.
    assertEquals(255, unguided.get("nfePerSample").asDouble(), 1e-9);
    JsonNode guided = exact.get("points").get(1);
    assertEquals(510, guided.get("nfePerSample").asDouble(), 1e-9);
    assertTrue(guided.at("/metrics/fd").asDouble() > fd + 20 * se, "autoguidance moves away");

    // The wrong model (s = 0.25 instead of 0.15, μ + 0.1) is far from the reference.
    JsonNode wrong = bad.get("points").get(0);
    double wrongFd = wrong.at("/metrics/fd_debiased").asDouble();
    double wrongSe = wrong.at("/stderr/fd_debiased").asDouble();
    assertTrue(wrongFd > fd + 20 * se && wrongFd > 20 * wrongSe, "wrong model: fd " + wrongFd);
  }

  /** Submits a sweep of {@code main} in the feature space and follows it to its end. */
  private JsonNode run(String main, String sweep) throws Exception {
    String spec = ImageFlows.spec("images " + main, main, null, sweep, FEATURES, REFERENCE);
    JsonNode experiment = Experiments.runToEnd(root, spec, Duration.ofSeconds(240));
    assertEquals("COMPLETED", experiment.get("state").asText(), experiment.toPrettyString());
    assertEquals(
        Hashes.sha256(ImageFixtures.file(ImageFixtures.FEATURES)),
        experiment.at("/models/features:" + FEATURES).asText(),
        "the feature network's hash is recorded with the experiment");
    return experiment;
  }
}
