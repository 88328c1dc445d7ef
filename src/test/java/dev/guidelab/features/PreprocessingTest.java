package dev.guidelab.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.djl.DjlEngine;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

  /**
   * Preprocessed values are O(1) (normalised pixels in about ±2.6). Java's weights and PyTorch's
   * are both computed in float32 by the same formula; the separable passes may round in another
   * order, which moves a value on the 0..255 scale by ≲ 1e-4, i.e. ≲ 2e-6 after / 255 / std.
   */
  private static final double TOLERANCE = 2e-5;

  @Test
  void dinov2PreprocessingMatchesPyTorchsBicubicAntialiasedResizeAndNormalisation() {
    DjlEngine.applyDefaults();
    JsonNode expected = Fixtures.expected(Fixtures.DINOV2);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlEngine.ENGINE)) {
      for (JsonNode c : expected.get("cases")) {
        Images.Uint8 images = Fixtures.images(c);
        NDArray x =
            m.create(
                ByteBuffer.wrap(images.pixels()),
                new Shape(images.n(), images.channels(), images.height(), images.width()),
                DataType.UINT8);
        NDArray y = Preprocessing.apply(x, FeatureContract.DINOV2_VITL14);
        assertEquals(new Shape(images.n(), 3, 224, 224), y.getShape());
        float[] values = y.toFloatArray();
        JsonNode p = c.get("preprocessed");
        JsonNode indices = p.get("probeIndices");
        double[] probes = new double[indices.size()];
        for (int i = 0; i < probes.length; i++) {
          probes[i] = values[indices.get(i).asInt()];
        }
        String what = "seed " + c.get("seed") + " " + c.get("shape");
        assertArrayEquals(Fixtures.doubles(p.get("probeValues")), probes, TOLERANCE, what);
        double sum = 0;
        double sumSquares = 0;
        for (float v : values) {
          sum += v;
          sumSquares += (double) v * v;
        }
        // Sums over ~150k–300k values: the per-value tolerance times √count bounds random rounding.
        double n = values.length;
        assertEquals(p.get("sum").asDouble(), sum, TOLERANCE * Math.sqrt(n) * 10, what + " sum");
        assertEquals(
            p.get("sumSquares").asDouble(),
            sumSquares,
            TOLERANCE * Math.sqrt(n) * 10 * 3,
            what + " sum of squares");
      }
    }
  }

  @Test
  void resizeWeightsAreTheIdentityAtEqualSizeAndRowsSumToOne() {
    float[] identity = AntialiasedBicubic.weights(5, 5);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        assertEquals(i == j ? 1f : 0f, identity[i * 5 + j], 0f);
      }
    }
    for (int[] sizes : new int[][] {{300, 224}, {48, 224}, {7, 3}, {1, 4}}) {
      float[] w = AntialiasedBicubic.weights(sizes[0], sizes[1]);
      for (int i = 0; i < sizes[1]; i++) {
        double row = 0;
        for (int j = 0; j < sizes[0]; j++) {
          row += w[i * sizes[0] + j];
        }
        assertEquals(1.0, row, 1e-6, "row " + i + " of " + sizes[0] + " → " + sizes[1]);
      }
    }
  }

  @Test
  void bicubicKernelIsKeysCubicWithAMinusOneHalf() {
    assertEquals(1f, AntialiasedBicubic.cubic(0f), 0f);
    assertEquals(0f, AntialiasedBicubic.cubic(1f), 0f);
    assertEquals(0f, AntialiasedBicubic.cubic(2f), 0f);
    // k(0.5) = 1.5·0.125 − 2.5·0.25 + 1 = 0.5625; k(1.5) = −0.5·(3.375 − 11.25 + 12 − 4) = −0.0625
    assertEquals(0.5625f, AntialiasedBicubic.cubic(-0.5f), 1e-7f);
    assertEquals(-0.0625f, AntialiasedBicubic.cubic(1.5f), 1e-7f);
  }
}
