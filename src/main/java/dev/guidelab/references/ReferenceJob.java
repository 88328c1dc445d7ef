package dev.guidelab.references;

import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.models.FeatureNetworks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A computation of reference statistics from an upload through a feature network, as the api
 * resolved it at submission and a worker reads it (the experiment's resolved form; the point's
 * units are the images or vectors): the upload by content hash (stored with {@code db.Uploads}),
 * the network pinned by content hash, and the content key the result will be stored under.
 *
 * @param name the name the statistics are stored under
 * @param description stored with them
 * @param upload SHA-256 of the uploaded file
 * @param source the upload as recorded, e.g. {@code npz:<sha256>:images:nhwc}
 * @param images whether it holds images, which go through the network (else feature vectors)
 * @param network the feature network, pinned
 * @param layout the axes of an ambiguous npz of images, or null to detect them
 * @param ddof Σ normalised by {@code n − ddof}
 * @param knnSamples most feature vectors kept for the k-NN metrics
 * @param pipeline the preprocessing recorded with the statistics
 * @param key the content key of the statistics
 * @param count images or vectors in the upload
 */
public record ReferenceJob(
    String name,
    String description,
    String upload,
    String source,
    boolean images,
    FeatureNetworks.Registered network,
    ReferenceSources.Layout layout,
    int ddof,
    int knnSamples,
    String pipeline,
    String key,
    int count) {

  /** The experiments that compute reference statistics. */
  public static final ExperimentKind KIND = new ExperimentKind("reference");

  public ReferenceJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(key, "key");
  }

  /** Told how far the computation is after every step; may throw to stop it. */
  @FunctionalInterface
  public interface Progress {
    void done(long done, long total);
  }

  /** The statistics computed, with the vectors and Top-1 histogram stored beside them. */
  public record Computed(ReferenceStatistics statistics, ReferenceFeatures features, long[] top1) {}

  /**
   * Checks an upload's structure against the network (at once, before anything is queued) and
   * resolves what computing it means: its source, pipeline, size and content key.
   *
   * @param file the upload, hashed as {@code sha256}
   * @throws InvalidRequestException on {@code file}, {@code layout} or {@code features}
   */
  public static ReferenceJob prepare(
      Path file,
      String sha256,
      String name,
      String description,
      FeatureNetworks.Registered network,
      Optional<ReferenceSources.Layout> layout,
      int ddof,
      int knnSamples) {
    try (ReferenceSource source = ReferenceSources.open(file, sha256, layout, network.contract())) {
      if (source.count() < 2) {
        throw ReferenceSources.invalid(
            "file", "needs at least 2 images or vectors, got " + source.count());
      }
      // The network's pipeline for images it runs on; uploaded features' preprocessing is unknown.
      String pipeline =
          source instanceof ReferenceSource.ImageSet
              ? network.contract().pipeline()
              : ReferenceStatistics.UNKNOWN;
      String key =
          ReferenceStatistics.contentKey(
              source.source(),
              network.sha256(),
              pipeline,
              ddof,
              ReferenceFeatures.selection(knnSamples),
              ReferenceComputation.top1Classes(source, network.contract().classes()));
      return new ReferenceJob(
          name,
          description,
          sha256,
          source.source(),
          source instanceof ReferenceSource.ImageSet,
          network,
          layout.orElse(null),
          ddof,
          knnSamples,
          pipeline,
          key,
          source.count());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Streams the upload (a local copy, {@code file}) through the network once.
   *
   * @param network the opened network, or null when the upload holds feature vectors
   * @throws InvalidRequestException on {@code file} if a value turns out invalid while streaming
   */
  public Computed compute(Path file, FeatureNetwork network, Progress progress) {
    try (ReferenceSource source =
        ReferenceSources.open(file, upload, Optional.ofNullable(layout), this.network.contract())) {
      ReferenceComputation.Extractor extractor =
          images
              ? ReferenceComputation.Extractor.of(Objects.requireNonNull(network, "network"))
              : null;
      ReferenceComputation.Result result =
          ReferenceComputation.run(source, extractor, ddof, knnSamples, progress::done);
      ReferenceStatistics statistics =
          new ReferenceStatistics(
              name,
              key,
              result.n(),
              result.mu().length,
              result.mu(),
              result.sigma(),
              source.source(),
              this.network.sha256(),
              pipeline,
              ddof);
      return new Computed(statistics, result.features(), result.top1());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
