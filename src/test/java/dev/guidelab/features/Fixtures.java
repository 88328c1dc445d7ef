package dev.guidelab.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.djl.DjlEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The feature-network fixtures of {@code tools/make_feature_fixtures.py}: tiny TorchScript nets
 * with the Inception and DINOv2 contracts, and PyTorch's outputs for seeded images.
 */
public final class Fixtures {

  /**
   * Tolerance of features against PyTorch 1.13 (Python) for the same float32 network run by
   * libtorch 2.5.1 (DJL): both compute in float32 but may pick different convolution kernels and
   * summation orders, so each output differs by a few ulp of the largest intermediate terms. The
   * inputs are identical (uint8 for Inception; for DINOv2 the Java resize differs from PyTorch's
   * only in float32 rounding, ≲ 1e-6 after normalisation). 1e-5 absolute + 1e-4 relative is ~100×
   * float32's epsilon on features of order 0.01–1 and still ~1000× smaller than any real error (a
   * wrong resize, normalisation or weight moves features by > 1e-2).
   */
  private static final double ATOL = 1e-5;

  private static final double RTOL = 1e-4;

  public static final String INCEPTION = "inception-like";
  public static final String DINOV2 = "dinov2-like";

  private Fixtures() {}

  public static byte[] network(String name) {
    return resource(name + ".pt");
  }

  public static JsonNode expected(String name) {
    try {
      return new ObjectMapper().readTree(resource(name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FeatureNetwork load(String name, FeatureContract contract) {
    return FeatureNetwork.load(network(name), expected(name).get("sha256").asText(), contract);
  }

  /** The images of a fixture case: {@code lcg_images(seed, *shape)} of the Python script. */
  public static Images.Uint8 images(JsonNode testCase) {
    JsonNode s = testCase.get("shape");
    return lcgImages(
        testCase.get("seed").asLong(),
        s.get(0).asInt(),
        s.get(1).asInt(),
        s.get(2).asInt(),
        s.get(3).asInt());
  }

  /** uint8 NCHW images whose bytes are the top 8 bits of a 64-bit LCG (Knuth's MMIX constants). */
  public static Images.Uint8 lcgImages(long seed, int n, int c, int h, int w) {
    byte[] pixels = new byte[n * c * h * w];
    long state = seed;
    for (int i = 0; i < pixels.length; i++) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      pixels[i] = (byte) (state >>> 56);
    }
    return new Images.Uint8(n, c, h, w, pixels);
  }

  /**
   * Samples {@code x} ({@code [n, C·H·W]}, data range [−1, 1]) quantised as a worker quantises them
   * ({@link EdmQuantisation}, on the CPU), copied to the host.
   */
  public static Images.Uint8 quantised(double[] x, int c, int h, int w) {
    try (NDManager scope = DjlEngine.manager().newSubManager();
        Images.OnDevice images = EdmQuantisation.toUint8(scope.create(x), c, h, w)) {
      return images.toHost(0, images.n());
    }
  }

  /** Host images {@code images} on the device, in a manager of their own. */
  public static Images.OnDevice onDevice(Images.Uint8 images) {
    NDManager scope = DjlEngine.manager().newSubManager();
    Shape shape = new Shape(images.n(), images.channels(), images.height(), images.width());
    return new Images.OnDevice(
        scope, scope.create(ByteBuffer.wrap(images.pixels()), shape, DataType.UINT8));
  }

  public static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static byte[] resource(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/features/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource features/" + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every element within the tolerance PyTorch-vs-DJL runs are held to. */
  public static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual[i] - expected[i]);
      worst = Math.max(worst, err / (ATOL + RTOL * Math.abs(expected[i])));
      if (err > ATOL + RTOL * Math.abs(expected[i])) {
        throw new AssertionError(
            what + ": element " + i + " expected " + expected[i] + ", got " + actual[i]);
      }
    }
    System.out.printf("%s: worst error %.3g of tolerance%n", what, worst);
  }
}
