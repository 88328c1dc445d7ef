package dev.guidelab.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.guidelab.djl.DjlEngine;

/**
 * Generated images to uint8 as EDM and EDM2 save them before computing FID ({@code
 * generate_images.py}: {@code (x * 127.5 + 128).clip(0, 255).to(torch.uint8)}): data range [−1, 1]
 * to 0..255, clipped, then truncated toward zero as the uint8 cast does. Feature networks see the
 * images exactly as a file written by EDM would hold them.
 *
 * <p>Computed where the samples are, on the worker's device, in float64: a float32 sample converts
 * to float64 exactly, and an IEEE multiply and add in float64 round the same on every device, so
 * the pixels do not depend on where they were made.
 */
public final class EdmQuantisation {

  private EdmQuantisation() {}

  /**
   * Quantises {@code x} ({@code [n, C·H·W]}, float32 or float64, data range [−1, 1], on any device)
   * to uint8 images {@code [n, C, H, W]} on the same device, in a manager of their own. NaN maps to
   * 0, as a C cast of a clipped NaN does on the host.
   *
   * @throws IllegalArgumentException if {@code x} is not a whole number of {@code C×H×W} images
   */
  public static Images.OnDevice toUint8(NDArray x, int channels, int height, int width) {
    long size = (long) channels * height * width;
    if (size <= 0 || x.size() % size != 0) {
      throw new IllegalArgumentException(
          x.size()
              + " values are not a whole number of "
              + channels
              + "×"
              + height
              + "×"
              + width
              + " images");
    }
    long n = x.size() / size;
    NDManager images = DjlEngine.manager().newSubManager(x.getDevice());
    try (NDManager work = images.newSubManager()) {
      NDArray v = x.toType(DataType.FLOAT64, true);
      v.attach(work);
      v.set(v.isNaN(), Double.NEGATIVE_INFINITY); // clipped to 0 below
      NDArray pixels =
          v.muli(127.5)
              .addi(128.0)
              .clip(0.0, 255.0)
              .toType(DataType.UINT8, false)
              .reshape(n, channels, height, width);
      pixels.attach(images);
      return new Images.OnDevice(images, pixels);
    } catch (RuntimeException e) {
      images.close();
      throw e;
    }
  }
}
