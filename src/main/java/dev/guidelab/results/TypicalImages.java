package dev.guidelab.results;

import java.util.List;
import java.util.UUID;

/**
 * The most and least typical generated images of an image point: realism against the reference's
 * feature vectors (Kynkäänniemi et al. 2019; high = deep inside the real manifold), among the first
 * {@code n} samples, the ones its k-NN metrics keep.
 *
 * @param most highest realism first
 * @param least lowest realism first
 */
public record TypicalImages(UUID pointId, int n, List<Image> most, List<Image> least) {

  /** Images kept at each end. */
  public static final int SIZE = 10;

  /**
   * One generated image.
   *
   * @param sample its index k in the run (it is sample k of seed s: reproducible on its own)
   * @param realism its realism score
   * @param png the image as a PNG file, base64
   */
  public record Image(long sample, double realism, String png) {}
}
