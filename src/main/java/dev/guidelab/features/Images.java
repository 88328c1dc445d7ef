package dev.guidelab.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * A batch of images in NCHW layout, row-major: pixel {@code (n, c, y, x)} is at {@code ((n·C + c)·H
 * + y)·W + x}. On the host ({@link Uint8}, {@link Float32}) or on a network's device ({@link
 * OnDevice}).
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

  /**
   * uint8 images on the worker's device, {@code [n, C, H, W]}: generated samples quantised where
   * they were sampled ({@link EdmQuantisation}), for a feature network on the same device. Only the
   * images a caller asks for ({@link #toHost}) cross to the host.
   *
   * <p>Memory: the pixels live in a manager of their own, released by {@link #close()}.
   */
  final class OnDevice implements Images, AutoCloseable {

    private final NDManager manager;
    private final NDArray pixels;

    /**
     * Takes {@code pixels} ({@code [n, C, H, W]} uint8) and {@code manager}, which holds them and
     * which {@link #close()} closes.
     */
    public OnDevice(NDManager manager, NDArray pixels) {
      long[] s = pixels.getShape().getShape();
      if (s.length != 4 || pixels.getDataType() != DataType.UINT8) {
        throw new IllegalArgumentException(
            "images on the device are uint8 [n, C, H, W], got "
                + pixels.getDataType()
                + " "
                + pixels.getShape());
      }
      checkShape((int) s[0], (int) s[1], (int) s[2], (int) s[3], pixels.size());
      this.manager = manager;
      this.pixels = pixels;
    }

    @Override
    public int n() {
      return (int) pixels.getShape().get(0);
    }

    @Override
    public int channels() {
      return (int) pixels.getShape().get(1);
    }

    @Override
    public int height() {
      return (int) pixels.getShape().get(2);
    }

    @Override
    public int width() {
      return (int) pixels.getShape().get(3);
    }

    @Override
    public String dtype() {
      return "uint8";
    }

    /** Images {@code [from, from + count)} as a view on the device, in {@code scope}. */
    NDArray slice(int from, int count, NDManager scope) {
      NDArray view = pixels.get(new NDIndex("{}:{}", from, from + count));
      view.attach(scope);
      return view;
    }

    /** Images {@code [from, from + count)} copied to the host. */
    public Uint8 toHost(int from, int count) {
      try (NDManager scope = manager.newSubManager()) {
        return new Uint8(
            count, channels(), height(), width(), slice(from, count, scope).toByteArray());
      }
    }

    @Override
    public void close() {
      manager.close();
    }
  }

  private static void checkShape(int n, int channels, int height, int width, long length) {
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
