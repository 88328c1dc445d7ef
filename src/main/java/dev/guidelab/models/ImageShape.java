package dev.guidelab.models;

/**
 * The shape of an image model's samples and conditions: {@code C × R × R} pixels in [−1, 1] (EDM's
 * data range), and {@code classes} one-hot class labels (0 for an unconditional model).
 *
 * @param channels C
 * @param resolution R (height = width)
 * @param classes number of classes of the one-hot {@code class_labels}, or 0
 */
public record ImageShape(int channels, int resolution, int classes) {

  /** Largest resolution accepted (EDM2 goes to 512). */
  public static final int MAX_RESOLUTION = 1024;

  public ImageShape {
    if (channels < 1 || channels > 16) {
      throw new IllegalArgumentException("channels must be in 1..16, got " + channels);
    }
    if (resolution < 1 || resolution > MAX_RESOLUTION) {
      throw new IllegalArgumentException(
          "resolution must be in 1.." + MAX_RESOLUTION + ", got " + resolution);
    }
    if (classes < 0 || classes > 100_000) {
      throw new IllegalArgumentException("classes must be in 0..100000, got " + classes);
    }
  }

  /** Values per sample, C·R·R. */
  public int dim() {
    return channels * resolution * resolution;
  }
}
