package dev.guidelab.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Images reach feature networks as EDM writes them: (x·127.5 + 128).clip(0, 255), truncated. */
class EdmQuantisationTest {

  @Test
  void dataRangeMapsTo0To255WithClippingAndTruncation() {
    double[] x = {-1, 1, 0, -0.004, 0.999, 2, -2, Double.NaN};
    Images.Uint8 images = EdmQuantisation.toUint8(x, 2, 2, 2);
    int[] pixels = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      pixels[i] = Byte.toUnsignedInt(images.pixels()[i]);
    }
    // −1 → 0.5 → 0; 1 → 255.5 → 255; 0 → 128; −0.004 → 127.49 → 127; 0.999 → 255.37 → 255.
    assertArrayEquals(new int[] {0, 255, 128, 127, 255, 255, 0, 0}, pixels);
    assertEquals(1, images.n());
  }

  @Test
  void aPartialImageIsRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> EdmQuantisation.toUint8(new double[5], 1, 2, 2));
  }
}
