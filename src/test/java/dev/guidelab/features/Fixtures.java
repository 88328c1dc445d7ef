package dev.guidelab.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The feature-network fixtures of {@code tools/make_feature_fixtures.py}: tiny TorchScript nets
 * with the Inception and DINOv2 contracts, and PyTorch's outputs for seeded images.
 */
final class Fixtures {

  static final String INCEPTION = "inception-like";
  static final String DINOV2 = "dinov2-like";

  private Fixtures() {}

  static byte[] network(String name) {
    return resource(name + ".pt");
  }

  static JsonNode expected(String name) {
    try {
      return new ObjectMapper().readTree(resource(name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FeatureNetwork load(String name, FeatureContract contract) {
    return FeatureNetwork.load(network(name), expected(name).get("sha256").asText(), contract);
  }

  /** The images of a fixture case: {@code lcg_images(seed, *shape)} of the Python script. */
  static Images.Uint8 images(JsonNode testCase) {
    JsonNode s = testCase.get("shape");
    return lcgImages(
        testCase.get("seed").asLong(),
        s.get(0).asInt(),
        s.get(1).asInt(),
        s.get(2).asInt(),
        s.get(3).asInt());
  }

  /** uint8 NCHW images whose bytes are the top 8 bits of a 64-bit LCG (Knuth's MMIX constants). */
  static Images.Uint8 lcgImages(long seed, int n, int c, int h, int w) {
    byte[] pixels = new byte[n * c * h * w];
    long state = seed;
    for (int i = 0; i < pixels.length; i++) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      pixels[i] = (byte) (state >>> 56);
    }
    return new Images.Uint8(n, c, h, w, pixels);
  }

  static double[] doubles(JsonNode array) {
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
}
