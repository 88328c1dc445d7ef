package dev.guidelab.features;

/**
 * Generated images to uint8 as EDM and EDM2 save them before computing FID ({@code
 * generate_images.py}: {@code (x * 127.5 + 128).clip(0, 255).to(torch.uint8)}): data range [−1, 1]
 * to 0..255, clipped, then truncated toward zero as the uint8 cast does. Feature networks see the
 * images exactly as a file written by EDM would hold them.
 */
public final class EdmQuantisation {

  private EdmQuantisation() {}

  /**
   * Quantises {@code x} ({@code [n, C·H·W]} row-major NCHW, data range [−1, 1]) to uint8 images.
   *
   * @throws IllegalArgumentException if {@code x} is not a whole number of {@code C×H×W} images
   */
  public static Images.Uint8 toUint8(double[] x, int channels, int height, int width) {
    int size = channels * height * width;
    if (size <= 0 || x.length % size != 0) {
      throw new IllegalArgumentException(
          x.length
              + " values are not a whole number of "
              + channels
              + "×"
              + height
              + "×"
              + width
              + " images");
    }
    byte[] pixels = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      // (x·127.5 + 128).clip(0, 255), then the cast truncates; NaN maps to 0 like clip(NaN) → 0.
      double v = Math.min(255, Math.max(0, x[i] * 127.5 + 128));
      pixels[i] = (byte) (int) v;
    }
    return new Images.Uint8(x.length / size, channels, height, width, pixels);
  }
}
