package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.content.Hashes;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.features.Fixtures;
import dev.guidelab.metrics.MomentAccumulator;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.references.ReferenceStatistics;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * What image flow tests share: sizes, the sampler, specs, and reference statistics of exact samples
 * measured the way the worker measures generated ones (fixtures are registered by {@link
 * dev.guidelab.testing.ImageRegistrations}).
 */
final class ImageFlows {

  /** The fixtures' images are 3×16×16; the feature network gives 64-D features. */
  static final int FEATURE_DIM = 64;

  /** Samples per point: four batches of 500 (test profile). */
  static final int SAMPLES = 2000;

  /**
   * Exact samples per reference. The reference's own sampling error biases FD up by about n/N =
   * 1/25 of the generated side's O(1/n) bias, which the jackknife removes; negligible against 4
   * standard errors.
   */
  static final int REFERENCE_SAMPLES = 50_000;

  /**
   * 128 Heun steps on EDM's image schedule: the sampler's own variance error on this distribution
   * is 0.23 % there (4.5 % at 32 steps, see TorchScriptDenoiserTest), below what FD resolves at n =
   * 2000.
   */
  static final String SAMPLER =
      "{\"steps\": 128, \"sigmaMin\": 0.002, \"sigmaMax\": 80, \"rho\": 7, \"sMax\": 80}";

  private ImageFlows() {}

  /**
   * Moments (ddof 1) of {@value #REFERENCE_SAMPLES} exact samples {@code x = m + s·z} of the
   * fixture distribution, each sample's mean {@code m} chosen by {@code mean} from the generator
   * (seeded by {@code seed}) before its noise, quantised as the worker quantises and passed through
   * the fixture feature network registered as {@code features}.
   */
  static ReferenceStatistics exactReference(
      String name, String features, long seed, Function<SplittableRandom, double[]> mean) {
    int n = REFERENCE_SAMPLES;
    byte[] file = ImageFixtures.file(ImageFixtures.FEATURES);
    FeatureContract contract =
        FeatureContract.uint8Images(features, 3, FeatureContract.ForwardCall.TENSOR, FEATURE_DIM);
    double s = ImageFixtures.s();
    int dim = ImageFixtures.SHAPE.dim();
    SplittableRandom rng = new SplittableRandom(seed);
    MomentAccumulator moments = new MomentAccumulator();
    try (FeatureNetwork network = FeatureNetwork.load(file, Hashes.sha256(file), contract)) {
      int batch = 1000;
      for (int done = 0; done < n; done += batch) {
        double[] x = new double[batch * dim];
        for (int j = 0; j < batch; j++) {
          double[] m = mean.apply(rng);
          for (int i = 0; i < dim; i++) {
            x[j * dim + i] = m[i] + s * gaussian(rng);
          }
        }
        moments.accept(network.extract(Fixtures.quantised(x, 3, 16, 16)).values(), FEATURE_DIM);
      }
    }
    return ReferenceStatistics.of(
        name,
        (long) n,
        moments.mean(),
        moments.covariance(1),
        "test:exact-gaussian-images:" + name + ":seed=" + seed + ":n=" + n,
        features,
        contract.pipeline(),
        1);
  }

  /**
   * An image spec of {@code main} with {@code condition} (JSON, or null to leave it out), {@value
   * #SAMPLES} samples per point and the 128-step sampler, measured in {@code features} against
   * {@code reference} by the default metrics.
   */
  static String spec(
      String name, String main, String condition, String sweep, String features, String reference) {
    return spec(name, main, condition, sweep, features, reference, List.of());
  }

  /** {@link #spec(String, String, String, String, String, String)} asking for {@code metrics}. */
  static String spec(
      String name,
      String main,
      String condition,
      String sweep,
      String features,
      String reference,
      List<String> metrics) {
    return "{\"name\": \""
        + name
        + "\", \"main\": \""
        + main
        + "\""
        + (condition == null ? "" : ", \"condition\": " + condition)
        + ", \"sweep\": "
        + sweep
        + ", \"sampler\": "
        + SAMPLER
        + ", \"samples\": "
        + SAMPLES
        + (metrics.isEmpty() ? "" : ", \"metrics\": [\"" + String.join("\", \"", metrics) + "\"]")
        + ", \"seed\": 1, \"features\": \""
        + features
        + "\", \"reference\": \""
        + reference
        + "\"}";
  }

  /**
   * Asserts that a point's samples measure as exact: the plug-in FD is biased up by O(1/n) (≈ 8 SE
   * at n = 2000), the jackknife's bias-corrected value is 0 within 4 SE (measured: 1.2 SE).
   */
  static void assertExact(JsonNode point, String what) {
    double fd = point.at("/metrics/fd").asDouble();
    double debiased = point.at("/metrics/fd_debiased").asDouble();
    double se = point.at("/stderr/fd_debiased").asDouble();
    assertTrue(se > 0, what + ": standard error " + se);
    assertTrue(fd > 0, what + ": fd " + fd);
    assertTrue(Math.abs(debiased) < 4 * se, what + ": fd_debiased " + debiased + " ± " + se);
  }

  /** A standard normal draw (Box–Muller). */
  static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
        * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
