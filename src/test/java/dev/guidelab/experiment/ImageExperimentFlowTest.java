package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.content.Hashes;
import dev.guidelab.features.Fixtures;
import dev.guidelab.features.Images;
import dev.guidelab.metrics.Metric;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.references.NpzWriter;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.Experiments;
import dev.guidelab.testing.ImageRegistrations;
import dev.guidelab.testing.References;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An image experiment end to end: a TorchScript denoiser and a feature network registered over
 * REST, reference statistics computed by Guidelab from an .npz of exact samples of the analytic
 * distribution (written here as uint8 NHWC images, as datasets are), and sweeps measured in that
 * network's space by the worker with every feature-space metric but {@code top1_tv} (the network
 * has no classifier head; ClassConditionalImageFlowTest runs it). The exact denoiser must score
 * like the reference — Fréchet distances 0 within their standard errors, KID 0 within its spread,
 * precision and recall as high as exact samples get — and a wrong model clearly worse on each.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ImageExperimentFlowTest {

  private static final String FEATURES = "flow-pooled";
  private static final String REFERENCE = "flow-exact-images";

  @TestHTTPResource("/")
  URI root;

  @Test
  void exactDenoiserScoresLikeItsComputedReferenceInFeatureSpaceAndAWrongOneDoesNot()
      throws Exception {
    ImageRegistrations.model(ImageFixtures.EXACT, "flow-exact");
    ImageRegistrations.model(ImageFixtures.BAD, "flow-bad");
    ImageRegistrations.featureNetwork(FEATURES);
    JsonNode reference =
        References.computeAndWait(
            exactImages(),
            Map.of(
                "name",
                REFERENCE,
                "features",
                FEATURES,
                "description",
                "exact samples of N(μ, s²I)"),
            Duration.ofMinutes(4));
    assertEquals(ImageFlows.REFERENCE_SAMPLES, reference.get("n").asInt());
    assertEquals(10_000, reference.get("knnSamples").asInt());

    JsonNode exact =
        run(
            "flow-exact",
            "[{\"method\": \"none\"}, {\"method\": \"autoguidance\", \"guide\": \"flow-bad\","
                + " \"weights\": [2]}]");
    JsonNode bad = run("flow-bad", "[{\"method\": \"none\"}]");
    JsonNode unguided = exact.get("points").get(0);
    JsonNode guided = exact.get("points").get(1);
    JsonNode wrong = bad.get("points").get(0);

    // Fréchet distances. Plug-in FD is biased up by O(1/n) (here ≈ 8 SE); the jackknife's
    // bias-corrected value is 0 within 4 SE (measured: 1.2 SE).
    double fd = unguided.at("/metrics/fd").asDouble();
    double debiased = unguided.at("/metrics/fd_debiased").asDouble();
    double se = unguided.at("/stderr/fd_debiased").asDouble();
    assertTrue(se > 0, "standard error " + se);
    assertTrue(fd > 0, "fd " + fd);
    assertTrue(Math.abs(debiased) < 4 * se, "fd_debiased " + debiased + " ± " + se);
    // NFE: 2·128 − 1 per network; w = 2 evaluates the guide too.
    assertEquals(255, unguided.get("nfePerSample").asDouble(), 1e-9);
    assertEquals(510, guided.get("nfePerSample").asDouble(), 1e-9);
    assertTrue(guided.at("/metrics/fd").asDouble() > fd + 20 * se, "autoguidance moves away");
    // The wrong model (s = 0.25 instead of 0.15, μ + 0.1) is far from the reference.
    double wrongFd = wrong.at("/metrics/fd_debiased").asDouble();
    double wrongSe = wrong.at("/stderr/fd_debiased").asDouble();
    assertTrue(wrongFd > fd + 20 * se && wrongFd > 20 * wrongSe, "wrong model: fd " + wrongFd);
    // FD∞ removes the same bias: 0 within 4 of its jackknife SEs (measured: 1.0).
    double inf = unguided.at("/metrics/fd_infinity").asDouble();
    double infSe = unguided.at("/stderr/fd_infinity").asDouble();
    assertTrue(infSe > 0 && Math.abs(inf) < 4 * infSe, "fd_infinity " + inf + " ± " + infSe);
    assertEquals(wrongFd, wrong.at("/metrics/fd_infinity").asDouble(), 4 * wrongSe);

    // k-NN and kernel metrics against 10,000 reference vectors (measured: P 0.81, R 0.80, D 0.99,
    // C 0.60, KID 0.3 std, realism 0.99). Coverage of M = 2000 generated against N = 10,000 real:
    // a real ball is empty with probability ≈ (1 + M/N)^(−k) = 1.2^(−5), so coverage ≈ 0.60.
    JsonNode v = unguided.get("metrics");
    double kidStd = unguided.at("/stderr/kid").asDouble();
    assertTrue(v.get("precision").asDouble() > 0.7, v.toString());
    assertTrue(v.get("recall").asDouble() > 0.7, v.toString());
    assertEquals(1, v.get("density").asDouble(), 0.1, v.toString());
    assertEquals(1 - Math.pow(1.2, -5), v.get("coverage").asDouble(), 0.05, v.toString());
    assertTrue(kidStd > 0 && Math.abs(v.get("kid").asDouble()) < 4 * kidStd, v + " ± " + kidStd);
    assertTrue(v.get("realism").asDouble() > 0.9, v.toString());
    assertTrue(v.get("rarity").asDouble() > 0, v.toString());
    // The wrong model's samples lie outside every reference ball: no precision, recall, density
    // or coverage, no rarity (undefined: stored as null), low realism, KID far above its spread.
    JsonNode w = wrong.get("metrics");
    for (String none : new String[] {"precision", "recall", "density", "coverage"}) {
      assertTrue(w.get(none).asDouble() < 0.1, none + ": " + w);
    }
    assertTrue(w.get("rarity").isNull(), w.toString());
    double realismSe = unguided.at("/stderr/realism").asDouble();
    assertTrue(w.get("realism").asDouble() < v.get("realism").asDouble() - 20 * realismSe);
    assertTrue(w.get("kid").asDouble() > 20 * wrong.at("/stderr/kid").asDouble(), w.toString());

    // Live: the k-NN metrics at every checkpoint (n = 500, 1000, 1500, 2000), FD∞ at the end.
    JsonNode series = Experiments.series(exact.get("id").asText());
    String point = unguided.get("id").asText();
    assertEquals(List.of(500, 1000, 1500, 2000), defined(series, point, "precision"));
    assertEquals(List.of(500, 1000, 1500, 2000), defined(series, point, "kid"));
    assertEquals(List.of(2000), defined(series, point, "fd_infinity"));

    // The most and least typical images by realism: the exact model's most typical are inside the
    // reference manifold (realism ≥ 1), and the median lies between its two ends; the wrong
    // model's most typical is less typical than the exact model's median.
    JsonNode typical = typicalImages(exact, unguided);
    assertEquals(2000, typical.get("n").asInt());
    assertEquals(10, typical.get("most").size());
    assertEquals(10, typical.get("least").size());
    double median = v.get("realism").asDouble();
    assertTrue(typical.at("/most/9/realism").asDouble() > median, typical.toString());
    assertTrue(typical.at("/least/9/realism").asDouble() < median, typical.toString());
    assertTrue(typical.at("/most/0/realism").asDouble() >= 1, typical.toString());
    for (JsonNode image : typical.get("most")) {
      BufferedImage png =
          ImageIO.read(
              new ByteArrayInputStream(Base64.getDecoder().decode(image.get("png").asText())));
      assertEquals(16, png.getWidth());
      assertEquals(16, png.getHeight());
    }
    assertTrue(
        typicalImages(bad, wrong).at("/most/0/realism").asDouble() < median,
        "the wrong model's best image is less typical than the exact model's median");
  }

  /** The typical images of {@code point} of {@code experiment}. */
  private static JsonNode typicalImages(JsonNode experiment, JsonNode point) throws Exception {
    return Experiments.get(
        "/api/experiments/"
            + experiment.get("id").asText()
            + "/points/"
            + point.get("id").asText()
            + "/typical-images");
  }

  /** The sample counts n at which {@code metric} of {@code point} has a value, ascending. */
  private static List<Integer> defined(JsonNode series, String point, String metric) {
    List<Integer> n = new ArrayList<>();
    for (JsonNode sample : series) {
      if (sample.get("pointId").asText().equals(point)
          && sample.get("metric").asText().equals(metric)
          && sample.hasNonNull("value")) {
        n.add(sample.get("n").asInt());
      }
    }
    Collections.sort(n);
    return n;
  }

  /**
   * Runs a sweep of {@code main} with every feature-space metric but {@code top1_tv}, which needs a
   * classifier head (ClassConditionalImageFlowTest runs it), followed over SSE.
   */
  private JsonNode run(String main, String sweep) throws Exception {
    List<String> metrics = new ArrayList<>(Metric.wireNames(Metric.allowed(Metric.Domain.IMAGE)));
    metrics.remove(Metric.TOP1_TV.wireName());
    String spec =
        ImageFlows.spec("images " + main, main, null, sweep, FEATURES, REFERENCE, metrics);
    JsonNode done = Experiments.runToEnd(root, spec, Duration.ofMinutes(5));
    assertEquals("COMPLETED", done.get("state").asText(), done.toPrettyString());
    assertEquals(
        Hashes.sha256(ImageFixtures.file(ImageFixtures.FEATURES)),
        done.at("/pins/featureNetwork/hash").asText(),
        "the feature network's hash is recorded with the experiment");
    assertEquals(FEATURES, done.at("/pins/featureNetwork/name").asText());
    return done;
  }

  /**
   * {@value ImageFlows#REFERENCE_SAMPLES} exact samples {@code x = μ + s·z}, quantised as the
   * worker quantises generated images, as an .npz {@code images} array (N, 16, 16, 3): NHWC, as
   * datasets store images.
   */
  private static byte[] exactImages() {
    double[] mu = ImageFixtures.mu(); // [3·16·16], CHW
    double s = ImageFixtures.s();
    int size = mu.length;
    SplittableRandom rng = new SplittableRandom(7);
    double[] x = new double[ImageFlows.REFERENCE_SAMPLES * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = mu[i % size] + s * ImageFlows.gaussian(rng);
    }
    Images.Uint8 nchw = Fixtures.quantised(x, 3, 16, 16);
    byte[] nhwc = new byte[nchw.pixels().length];
    for (int i = 0; i < ImageFlows.REFERENCE_SAMPLES; i++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 256; p++) {
          nhwc[(i * 256 + p) * 3 + c] = nchw.pixels()[(i * 3 + c) * 256 + p];
        }
      }
    }
    return new NpzWriter().uint8("images", nhwc, ImageFlows.REFERENCE_SAMPLES, 16, 16, 3).bytes();
  }
}
