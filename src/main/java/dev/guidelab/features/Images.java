package dev.guidelab.features;

/**
 * A batch of images in NCHW layout, row-major: pixel {@code (n, c, y, x)} is at {@code ((n·C + c)·H
 * + y)·W + x}.
 */
public sealed interface Images {

  int n();

  int channels();

  int height();

  int width();

  /** The element type, as error messages name it. */
  String dtype();

  /** Elements per image, C·H·W. */
  default int imageSize() {
    return channels() * height() * width();
  }

  /** uint8 images, 0..255 (Java bytes read as unsigned): what samplers produce and FID expects. */
  record Uint8(int n, int channels, int height, int width, byte[] pixels) implements Images {
    public Uint8 {
      checkShape(n, channels, height, width, pixels.length);
    }

    @Override
    public String dtype() {
      return "uint8";
    }
  }

  /**
   * float32 images already preprocessed for a {@link FeatureContract.InputKind#FLOAT_NCHW} network
   * (exactly its size, normalised): Java does no further preprocessing.
   */
  record Float32(int n, int channels, int height, int width, float[] values) implements Images {
    public Float32 {
      checkShape(n, channels, height, width, values.length);
    }

    @Override
    public String dtype() {
      return "float32";
    }
  }

  private static void checkShape(int n, int channels, int height, int width, int length) {
    if (n < 0 || channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          String.format("images: shape [%d, %d, %d, %d] is not valid", n, channels, height, width));
    }
    long expected = (long) n * channels * height * width;
    if (expected != length) {
      throw new IllegalArgumentException(
          String.format(
              "images: shape [%d, %d, %d, %d] needs %d elements, got %d",
              n, channels, height, width, expected, length));
    }
  }
}
