package dev.guidelab.references;

import dev.guidelab.features.Images;
import java.io.Closeable;

/**
 * A reference set as uploaded, checked and ready to stream ({@link ReferenceSources#open}): images
 * that a feature network turns into features, or feature vectors taken as they are. Read once,
 * front to back, by one thread.
 */
public sealed interface ReferenceSource extends Closeable {

  /** N, the number of images or vectors. */
  int count();

  /**
   * Where the numbers come from, as stored and hashed into the content key: the kind of upload, its
   * SHA-256 and how it is read, e.g. {@code npz:<sha256>:images:nhwc}.
   */
  String source();

  /** uint8 images. */
  non-sealed interface ImageSet extends ReferenceSource {

    /** The next images, at most {@code max}, as uint8 NCHW; null when all have been read. */
    Images.Uint8 next(int max);
  }

  /** Feature vectors of a fixed dimension. */
  non-sealed interface FeatureSet extends ReferenceSource {

    /** d. */
    int dim();

    /** The next vectors, at most {@code max}, {@code [m, d]} row-major; null when all are read. */
    double[] next(int max);
  }
}
