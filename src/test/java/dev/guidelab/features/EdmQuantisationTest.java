package dev.guidelab.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.guidelab.djl.DjlEngine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Images reach feature networks as EDM writes them: (x·127.5 + 128).clip(0, 255), truncated —
 * computed on the device, equal pixel for pixel to the formula evaluated in Java doubles.
 */
class EdmQuantisationTest {

  @Test
  void dataRangeMapsTo0To255WithClippingAndTruncation() {
    double[] x = {-1, 1, 0, -0.004, 0.999, 2, -2, Double.NaN};
    Images.Uint8 images = Fixtures.quantised(x, 2, 2, 2);
    // −1 → 0.5 → 0; 1 → 255.5 → 255; 0 → 128; −0.004 → 127.49 → 127; 0.999 → 255.37 → 255.
    assertArrayEquals(new int[] {0, 255, 128, 127, 255, 255, 0, 0}, unsigned(images.pixels()));
    assertEquals(1, images.n());
  }

  /**
   * float32 samples (as the device sampler leaves them), many of them next to a pixel boundary,
   * with infinities and NaNs: every pixel equals Java's {@code (int) min(255, max(0, x·127.5 +
   * 128))} of the same value as a double, bit for bit — the device computes in float64 too.
   */
  @Test
  void float32SamplesQuantiseExactlyAsJavaDoublesDo() {
    SplittableRandom rng = new SplittableRandom(7);
    float[] x = new float[3 * 8 * 8 * 50];
    for (int i = 0; i < x.length; i++) {
      x[i] =
          switch (i % 5) {
            case 0 -> (float) rng.nextDouble(-1.3, 1.3);
            // (k − 128)/127.5 and its float neighbours: x·127.5 + 128 lands on or next to k.
            case 1, 2, 3 -> {
              float v = (float) ((rng.nextInt(0, 256) - 128) / 127.5);
              yield i % 5 == 1 ? v : i % 5 == 2 ? Math.nextUp(v) : Math.nextDown(v);
            }
            default ->
                new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f}
                    [(i / 5) % 4];
          };
    }
    int[] expected = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = Math.min(255, Math.max(0, (double) x[i] * 127.5 + 128));
      expected[i] = (int) v; // NaN → 0
    }
    try (NDManager scope = DjlEngine.manager().newSubManager();
        Images.OnDevice images = EdmQuantisation.toUint8(scope.create(x), 3, 8, 8)) {
      assertEquals(50, images.n());
      assertArrayEquals(expected, unsigned(images.toHost(0, 50).pixels()));
      assertArrayEquals(
          java.util.Arrays.copyOfRange(expected, 7 * 192, 9 * 192),
          unsigned(images.toHost(7, 2).pixels()),
          "images 7 and 8 copied alone");
    }
  }

  @Test
  void aPartialImageIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Fixtures.quantised(new double[5], 1, 2, 2));
  }

  @Test
  void theImagesReleaseTheirNativeMemory() {
    int before = DjlEngine.manager().getManagedArrays().size();
    try (NDManager scope = DjlEngine.manager().newSubManager()) {
      NDArray x = scope.create(new float[2 * 12]);
      for (int i = 0; i < 3; i++) {
        try (Images.OnDevice images = EdmQuantisation.toUint8(x, 3, 2, 2)) {
          images.toHost(1, 1);
        }
      }
      assertEquals(1, scope.getManagedArrays().size(), "only the input is left in its scope");
    }
    assertEquals(before, DjlEngine.manager().getManagedArrays().size());
  }

  private static int[] unsigned(byte[] pixels) {
    int[] u = new int[pixels.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = Byte.toUnsignedInt(pixels[i]);
    }
    return u;
  }
}
