package dev.guidelab.references;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.features.Images;
import dev.guidelab.metrics.MomentAccumulator;
import dev.guidelab.metrics.TopN;
import java.util.List;

/**
 * Reference statistics of a {@link ReferenceSource} (docs/metrics.md, "Streaming statistics"):
 * images go through a feature network with its contract's preprocessing, feature vectors are taken
 * as they are; every vector is streamed into float64 moments ({@link MomentAccumulator}, Σ
 * normalised by {@code n − ddof}) and the ones {@link ReferenceFeatures#chosen} picks are kept as
 * float32 for the k-NN metrics; through a network with a classifier head images also go through the
 * head ({@code forward(x, return_features=False)}, a second pass) and their Top-1 classes are
 * counted. Memory: one step of images and features, the moments ({@code d²} doubles, 34 MB at d =
 * 2048) and the kept vectors (82 MB for 10,000 × 2048); never the whole set. Touches no database,
 * so no transaction is open while it runs (hours for 50,000 images through Inception on a CPU).
 */
final class ReferenceComputation {

  /**
   * Images read per step (the network runs them {@value FeatureNetwork#DEFAULT_BATCH} at a time).
   */
  static final int IMAGE_STEP = 256;

  /** Feature vectors read per step. */
  static final int FEATURE_STEP = 4096;

  /**
   * Turns images into features, {@code [m, d]} row-major, and, with a classifier head ({@code
   * classes() > 0}), into logits {@code [m, K]}: a feature network.
   */
  interface Extractor {
    int dim();

    double[] features(Images.Uint8 images);

    /** K, or 0 without a classifier head. */
    int classes();

    double[] logits(Images.Uint8 images);

    static Extractor of(FeatureNetwork network) {
      return new Extractor() {
        @Override
        public int dim() {
          return network.contract().dim();
        }

        @Override
        public double[] features(Images.Uint8 images) {
          return network.extract(images).values();
        }

        @Override
        public int classes() {
          return network.contract().classes();
        }

        @Override
        public double[] logits(Images.Uint8 images) {
          return network.logits(images);
        }
      };
    }
  }

  /** Told how far the computation is after every step; may throw to stop it. */
  @FunctionalInterface
  interface Progress {
    void done(long done, long total);
  }

  /**
   * @param n vectors seen, N
   * @param mu mean, {@code [d]}
   * @param sigma covariance normalised by {@code n − ddof}, {@code [d][d]}
   * @param features the kept vectors
   * @param top1 images per Top-1 class, {@code [K]}; null for feature vectors or a network without
   *     a classifier head
   */
  record Result(long n, double[] mu, double[][] sigma, ReferenceFeatures features, long[] top1) {}

  private ReferenceComputation() {}

  /**
   * Streams {@code source} once.
   *
   * @param extractor the feature network images go through; unused for feature vectors
   * @param knnCap most vectors kept ({@link ReferenceFeatures#chosen})
   * @throws InvalidRequestException on {@code file} if the source has fewer than {@code ddof + 1}
   *     vectors, or a value turns out invalid while streaming
   */
  static Result run(
      ReferenceSource source, Extractor extractor, int ddof, int knnCap, Progress progress) {
    int total = source.count();
    if (total < 2) {
      throw new InvalidRequestException(
          List.of(new FieldError("file", "needs at least 2 images or vectors, got " + total)));
    }
    int d = source instanceof ReferenceSource.FeatureSet f ? f.dim() : extractor.dim();
    int classes = top1Classes(source, extractor == null ? 0 : extractor.classes());
    long[] top1 = classes > 0 ? new long[classes] : null;
    int[] chosen = ReferenceFeatures.chosen(total, knnCap);
    float[] kept = new float[chosen.length * d]; // [chosen, d]
    int next = 0; // index into chosen of the next vector to keep
    MomentAccumulator moments = new MomentAccumulator();
    int done = 0;
    for (double[] x = step(source, extractor, top1); x != null; x = step(source, extractor, top1)) {
      int m = x.length / d;
      moments.accept(x, d);
      // Keep the chosen ones among vectors [done, done + m).
      for (; next < chosen.length && chosen[next] < done + m; next++) {
        int row = chosen[next] - done;
        for (int j = 0; j < d; j++) {
          kept[next * d + j] = (float) x[row * d + j];
        }
      }
      done += m;
      progress.done(done, total);
    }
    if (done != total) {
      throw new IllegalStateException("source ended after " + done + " of " + total + " vectors");
    }
    ReferenceFeatures features =
        new ReferenceFeatures(chosen.length, d, ReferenceFeatures.selection(knnCap), kept);
    return new Result(done, moments.mean(), moments.covariance(ddof), features, top1);
  }

  /**
   * K of the Top-1 histogram computing {@code source} through a network with {@code headClasses}
   * gives: the head's classes for images, 0 for feature vectors (no images to classify).
   */
  static int top1Classes(ReferenceSource source, int headClasses) {
    return source instanceof ReferenceSource.ImageSet ? headClasses : 0;
  }

  /**
   * The next vectors of the source, {@code [m, d]}, or null at its end; the images' Top-1 classes
   * are added to {@code top1} unless it is null.
   */
  private static double[] step(ReferenceSource source, Extractor extractor, long[] top1) {
    if (source instanceof ReferenceSource.FeatureSet vectors) {
      return vectors.next(FEATURE_STEP);
    }
    Images.Uint8 batch = ((ReferenceSource.ImageSet) source).next(IMAGE_STEP);
    if (batch == null) {
      return null;
    }
    if (top1 != null) {
      TopN.addTop1(extractor.logits(batch), top1);
    }
    return extractor.features(batch);
  }
}
