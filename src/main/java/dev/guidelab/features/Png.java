package dev.guidelab.features;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG files of uint8 images, for showing generated samples (javax.imageio, lossless). */
public final class Png {

  private Png() {}

  /**
   * Image {@code i} of {@code images} as a PNG: RGB for 3 channels, grey for 1.
   *
   * @throws IllegalArgumentException for other channel counts, which have no PNG colour model
   */
  public static byte[] of(Images.Uint8 images, int i) {
    int c = images.channels();
    int h = images.height();
    int w = images.width();
    if (c != 1 && c != 3) {
      throw new IllegalArgumentException("a PNG needs 1 or 3 channels, got " + c);
    }
    BufferedImage image =
        new BufferedImage(w, h, c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
    byte[] px = images.pixels();
    int base = i * images.imageSize();
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = base + y * w + x;
        if (c == 3) {
          int rgb = (px[p] & 0xff) << 16 | (px[p + plane] & 0xff) << 8 | (px[p + 2 * plane] & 0xff);
          image.setRGB(x, y, rgb);
        } else {
          image.getRaster().setSample(x, y, 0, px[p] & 0xff);
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }
}
