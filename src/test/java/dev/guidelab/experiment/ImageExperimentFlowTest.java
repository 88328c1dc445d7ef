package dev.guidelab.experiment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.features.EdmQuantisation;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.metrics.MomentAccumulator;
import dev.guidelab.models.Hashes;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.references.ReferenceStatistics;
import dev.guidelab.references.ReferenceStore;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.SplittableRandom;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FEATURES = "flow-pooled";
  private static final String REFERENCE = "flow-exact-images";
  private static final int SAMPLES = 2000; // four batches of 500 (test profile)

  /**
   * The reference's own sampling error biases FD up by about n/N = 1/25 of the generated side's
   * O(1/n) bias, which the jackknife removes; negligible against 4 standard errors.
   */
  private static final int REFERENCE_SAMPLES = 50_000;

  /**
   * 128 Heun steps on EDM's image schedule: the sampler's own variance error on this distribution
   * is 0.23 % there (4.5 % at 32 steps, see TorchScriptDenoiserTest), below what FD resolves at n =
   * 2000.
   */
  private static final String SAMPLER =
      "{\"steps\": 128, \"sigmaMin\": 0.002, \"sigmaMax\": 80, \"rho\": 7, \"sMax\": 80}";

  @Inject ReferenceStore references;

  @Test
  void exactDenoiserMeasuresZeroInFeatureSpaceWithinItsStandardErrorAndAWrongOneDoesNot()
      throws Exception {
    registerModel(ImageFixtures.EXACT, "flow-exact");
    registerModel(ImageFixtures.BAD, "flow-bad");
    given()
        .contentType("application/octet-stream")
        .body(ImageFixtures.file(ImageFixtures.FEATURES))
        .queryParam("name", FEATURES)
        .queryParam("contract", "uint8")
        .queryParam("channels", 3)
        .queryParam("dim", 64)
        .post("/api/feature-networks")
        .then()
        .statusCode(201);
    references.saveIfAbsent(exactReference(), "exact samples of N(μ, s²I) through " + FEATURES);

    JsonNode exact =
        run(
            "flow-exact",
            "[{\"method\": \"none\"}, {\"method\": \"autoguidance\", \"guide\": \"flow-bad\","
                + " \"weights\": [2]}]");
    JsonNode bad = run("flow-bad", "[{\"method\": \"none\"}]");

    JsonNode unguided = exact.get("points").get(0);
    double fd = unguided.at("/metrics/fd").asDouble();
    double debiased = unguided.at("/metrics/fd_debiased").asDouble();
    double se = unguided.at("/stderr/fd_debiased").asDouble();
    assertTrue(se > 0, "standard error " + se);
    // Plug-in FD is biased up by O(1/n) (here ≈ 8 SE); the jackknife's bias-corrected value is 0
    // within 4 SE (measured: 1.2 SE).
    assertTrue(fd > 0, "fd " + fd);
    assertTrue(Math.abs(debiased) < 4 * se, "fd_debiased " + debiased + " ± " + se);
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

  private static void registerModel(String fixture, String name) {
    given()
        .contentType("application/octet-stream")
        .body(ImageFixtures.file(fixture))
        .queryParam("name", name)
        .queryParam("channels", 3)
        .queryParam("resolution", 16)
        .post("/api/models")
        .then()
        .statusCode(201);
  }

  /** Submits a sweep of {@code main} in the feature space and waits for it to complete. */
  private static JsonNode run(String main, String sweep) throws Exception {
    String spec =
        "{\"name\": \"images "
            + main
            + "\", \"main\": \""
            + main
            + "\", \"sweep\": "
            + sweep
            + ", \"sampler\": "
            + SAMPLER
            + ", \"samples\": "
            + SAMPLES
            + ", \"seed\": 1, \"features\": \""
            + FEATURES
            + "\", \"reference\": \""
            + REFERENCE
            + "\"}";
    JsonNode created =
        JSON.readTree(
            given()
                .contentType(ContentType.JSON)
                .body(spec)
                .post("/api/experiments")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    String id = created.get("id").asText();
    JsonNode[] latest = new JsonNode[1];
    Await.until(
        "image experiment " + main + " to end",
        Duration.ofSeconds(240),
        () -> {
          latest[0] = experiment(id);
          String state = latest[0].get("state").asText();
          return state.equals("COMPLETED") || state.equals("FAILED");
        });
    assertEquals("COMPLETED", latest[0].get("state").asText(), latest[0].toPrettyString());
    assertEquals(
        Hashes.sha256(ImageFixtures.file(ImageFixtures.FEATURES)),
        latest[0].at("/models/features:" + FEATURES).asText(),
        "the feature network's hash is recorded with the experiment");
    return latest[0];
  }

  private static JsonNode experiment(String id) {
    try {
      return JSON.readTree(given().get("/api/experiments/" + id).then().extract().asString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Moments (ddof 1) of {@value #REFERENCE_SAMPLES} exact samples {@code x = μ + s·z}, quantised as
   * the worker quantises and passed through the same feature network file.
   */
  private static ReferenceStatistics exactReference() {
    byte[] file = ImageFixtures.file(ImageFixtures.FEATURES);
    FeatureContract contract =
        FeatureContract.uint8Images(FEATURES, 3, FeatureContract.ForwardCall.TENSOR, 64);
    double[] mu = ImageFixtures.mu();
    double s = ImageFixtures.s();
    int dim = mu.length;
    SplittableRandom rng = new SplittableRandom(7);
    MomentAccumulator moments = new MomentAccumulator();
    try (FeatureNetwork network = FeatureNetwork.load(file, Hashes.sha256(file), contract)) {
      int batch = 1000;
      for (int done = 0; done < REFERENCE_SAMPLES; done += batch) {
        double[] x = new double[batch * dim];
        for (int i = 0; i < x.length; i++) {
          x[i] = mu[i % dim] + s * gaussian(rng);
        }
        moments.accept(network.extract(EdmQuantisation.toUint8(x, 3, 16, 16)).values(), 64);
      }
    }
    return ReferenceStatistics.of(
        REFERENCE,
        (long) REFERENCE_SAMPLES,
        moments.mean(),
        moments.covariance(1),
        "test:exact-gaussian-images:seed=7:n=" + REFERENCE_SAMPLES,
        FEATURES,
        contract.pipeline(),
        1);
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
        * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
