package dev.guidelab.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.guidelab.db.JsonColumns;
import dev.guidelab.experiment.Condition;
import dev.guidelab.experiment.ExperimentSpec;
import dev.guidelab.experiment.SpecParser;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.guidance.CountingDenoiser;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.metrics.FeatureSpaceMetrics;
import dev.guidelab.metrics.FrechetDistance;
import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.ToyMetrics;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ImageShape;
import dev.guidelab.models.ModelCatalog;
import dev.guidelab.references.ReferenceStatistics;
import dev.guidelab.references.ReferenceStore;
import dev.guidelab.references.ToyReferences;
import dev.guidelab.results.PointTop1Store;
import dev.guidelab.results.ProgressEvent;
import dev.guidelab.results.ProgressPublisher;
import dev.guidelab.results.SamplePreviews;
import dev.guidelab.results.TypicalImageStore;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.sampling.StartDistribution;
import dev.guidelab.toy.ToyClass;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Computes one claimed point: samples in batches, accumulates metrics (the toy's on raw 2-D
 * samples, or those of the spec's feature space for an image model), and after every batch stores
 * and publishes the partial values, which is also where cancellation is noticed. TorchScript
 * denoisers and feature networks are opened for the point and closed after it.
 */
@ApplicationScoped
public class PointRunner {

  private static final Logger LOG = Logger.getLogger(PointRunner.class);

  /** How a run ended. */
  public enum Outcome {
    COMPLETED,
    /** The point was cancelled or taken back while running; nothing more was written. */
    LOST,
    /** The worker is shutting down; the point must be released. */
    INTERRUPTED
  }

  private static final TypeReference<Map<String, String>> PINNED = new TypeReference<>() {};

  private final PointLedger ledger;
  private final ProgressPublisher progress;
  private final ModelCatalog models;
  private final SamplePreviews previews;
  private final TypicalImageStore typicalImages;
  private final PointTop1Store top1;
  private final ReferenceStore references;
  private final ReferenceVectors referenceVectors;
  private final FeatureNetworks featureNetworks;
  private final SpecParser specs;
  private final JsonColumns json;
  private final WorkerConfig config;

  public PointRunner(
      PointLedger ledger,
      ProgressPublisher progress,
      ModelCatalog models,
      SamplePreviews previews,
      TypicalImageStore typicalImages,
      PointTop1Store top1,
      ReferenceStore references,
      ReferenceVectors referenceVectors,
      FeatureNetworks featureNetworks,
      SpecParser specs,
      JsonColumns json,
      WorkerConfig config) {
    this.ledger = ledger;
    this.progress = progress;
    this.models = models;
    this.previews = previews;
    this.typicalImages = typicalImages;
    this.top1 = top1;
    this.references = references;
    this.referenceVectors = referenceVectors;
    this.featureNetworks = featureNetworks;
    this.specs = specs;
    this.json = json;
    this.config = config;
  }

  /**
   * Runs the point to completion unless it is cancelled or {@code stopping} turns true.
   *
   * @throws RuntimeException on a compute error; the caller releases the point for a retry
   */
  public Outcome run(Claim claim, BooleanSupplier stopping) {
    ExperimentSpec spec = specs.parse(claim.specJson());
    GuidanceParams params = json.read(claim.paramsJson(), GuidanceParams.class);
    Map<String, String> pinned = json.read(claim.modelsJson(), PINNED);
    List<AutoCloseable> opened = new ArrayList<>(); // TorchScript denoisers, the feature network
    try {
      return compute(claim, stopping, spec, params, pinned, opened);
    } finally {
      for (AutoCloseable resource : opened) {
        try {
          resource.close();
        } catch (Exception e) {
          LOG.warnf(e, "Closing %s after point %s failed", resource, claim.pointId());
        }
      }
    }
  }

  /** {@link #run}'s work; what it opens goes to {@code opened}, which the caller closes. */
  private Outcome compute(
      Claim claim,
      BooleanSupplier stopping,
      ExperimentSpec spec,
      GuidanceParams params,
      Map<String, String> pinned,
      List<AutoCloseable> opened) {
    // One counting wrapper per network gives the NFE actually spent: guidance that re-evaluates
    // the main network (CFG without a guide, ICG, TSG) goes through `main`, and skipped guide
    // evaluations (w = 1, outside an interval) are not counted.
    List<CountingDenoiser> networks = new ArrayList<>();
    CountingDenoiser main = counted(spec.main(), pinned, networks, opened);
    Denoiser guided = params.denoiser(main, id -> counted(id, pinned, networks, opened));
    StartDistribution start =
        spec.sampler().start() == SamplerSettings.Start.DATA
            ? models.groundTruth(spec.main(), Condition.toyClass(spec.condition())).orElseThrow()
            : null;
    EdmSampler sampler =
        new EdmSampler(spec.sampler(), guided, start, spec.sampleConditions(main.conditionDim()));

    PointMetrics metrics = metrics(spec, pinned, claim.samples());
    opened.add(metrics);
    int n = claim.samples();
    Preview preview = new Preview(Math.min(n, SamplePreviews.SIZE));
    int done = 0;
    while (done < n) {
      if (stopping.getAsBoolean()) {
        return Outcome.INTERRUPTED;
      }
      int count = Math.min(config.batchSize(), n - done);
      double[] batch = sampler.sample(claim.seed(), done, count);
      metrics.accept(batch);
      if (metrics.toy()) {
        preview.add(batch);
      }
      done += count;
      if (preview.justFilled()) {
        previews.store(claim.pointId(), preview.samples(), metrics.sampleScores().orElseThrow());
      }
      metrics.top1().ifPresent(histograms -> top1.store(claim.pointId(), histograms));
      long nfe = networks.stream().mapToLong(CountingDenoiser::samples).sum();
      Map<String, Double> values = select(metrics.values(), spec.metrics());
      Map<String, Double> stderr = new LinkedHashMap<>(metrics.standardErrors());
      stderr.keySet().retainAll(spec.metrics());
      stderr.values().removeIf(se -> se == null || !Double.isFinite(se));
      Instant now = Instant.now();
      if (done < n) {
        if (!ledger.recordProgress(claim, done, nfe, values, stderr)) {
          LOG.infof(
              "Point %s was cancelled or taken back at %d/%d samples; stopping",
              claim.pointId(), done, n);
          return Outcome.LOST;
        }
        progress.publish(
            new ProgressEvent.PartialMetrics(
                claim.experimentId(),
                claim.pointId(),
                claim.experimentState(),
                now,
                done,
                n,
                values,
                stderr));
      } else {
        metrics.typicalImages(claim.pointId()).ifPresent(typicalImages::store);
        var moved = ledger.complete(claim, done, nfe, values, stderr);
        if (moved.isEmpty()) {
          return Outcome.LOST;
        }
        progress.publish(
            new ProgressEvent.PointCompleted(
                claim.experimentId(),
                claim.pointId(),
                moved.get().experimentState(),
                now,
                done,
                values,
                stderr,
                (double) nfe / done));
      }
    }
    return Outcome.COMPLETED;
  }

  /**
   * The toy's metrics of the raw samples, or, when the spec names a feature network, the metrics in
   * its space with the network and the reference pinned at submission (the reference's feature
   * vectors are loaded at the first k-NN checkpoint, if the spec asks for such metrics; its Top-1
   * class histogram if it asks for {@code top1_tv}).
   */
  private PointMetrics metrics(ExperimentSpec spec, Map<String, String> pinned, int samples) {
    List<Metric> requested = Metric.named(spec.metrics());
    if (spec.features() == null) {
      return PointMetrics.toy(
          new ToyMetrics(
              samples,
              requested,
              fdReference(spec, pinned),
              // Top-1 histogram of the built-in reference class; class A when there is no
              // reference or an imported one (SpecParser then allows no Top-1 metric).
              ToyReferences.classOf(spec.reference()).orElse(ToyClass.A),
              SamplePreviews.SIZE));
    }
    ReferenceStatistics statistics = reference(spec, pinned);
    FeatureSpaceMetrics metrics =
        new FeatureSpaceMetrics(
            samples,
            requested,
            new FrechetDistance.Reference(statistics.mu(), statistics.sigma()),
            () -> referenceVectors.get(statistics.key()),
            requested.contains(Metric.TOP1_TV) ? referenceTop1(statistics) : null);
    FeatureNetwork network = featureNetworks.open(spec.features());
    String sha256 = pinned.get(ExperimentSpec.FEATURES_PREFIX + spec.features());
    if (sha256 != null && !sha256.equals(network.sha256())) {
      network.close();
      throw new IllegalStateException(
          "feature network " + spec.features() + " is no longer the file " + sha256);
    }
    ImageShape shape = models.imageShape(spec.main()).orElseThrow();
    // The most and least typical images (PNG: 1 or 3 channels) among the samples the k-NN
    // metrics keep, by the realism scores the realism metric aggregates.
    TypicalImageTracker typical =
        requested.contains(Metric.REALISM) && (shape.channels() == 1 || shape.channels() == 3)
            ? new TypicalImageTracker()
            : null;
    return new ImageFeatureMetrics(shape, network, metrics, typical);
  }

  /** The moments FD is measured against: the spec's reference, or the exact class-A moments. */
  private FrechetDistance.Reference fdReference(ExperimentSpec spec, Map<String, String> pinned) {
    if (spec.reference() == null) {
      return ToyMetrics.CLASS_A;
    }
    ReferenceStatistics statistics = reference(spec, pinned);
    return new FrechetDistance.Reference(statistics.mu(), statistics.sigma());
  }

  /**
   * The Top-1 class histogram stored with {@code statistics} (the spec parser refuses {@code
   * top1_tv} against a reference without one).
   */
  private long[] referenceTop1(ReferenceStatistics statistics) {
    return references
        .top1(statistics.key())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "reference " + statistics.name() + " has no Top-1 class histogram"));
  }

  /** The spec's reference statistics, by the content key pinned at submission. */
  private ReferenceStatistics reference(ExperimentSpec spec, Map<String, String> pinned) {
    String key = pinned.get(ExperimentSpec.REFERENCE_PREFIX + spec.reference());
    return (key == null ? references.findByName(spec.reference()) : references.findByKey(key))
        .orElseThrow(() -> new IllegalStateException("reference " + spec.reference() + " is gone"));
  }

  /** The first samples of the run, stored once as the point's preview when complete. */
  private static final class Preview {
    private final double[] samples; // [size, 2]
    private int filled; // values filled
    private boolean stored;

    Preview(int size) {
      samples = new double[2 * size];
    }

    void add(double[] batch) {
      int take = Math.min(batch.length, samples.length - filled);
      System.arraycopy(batch, 0, samples, filled, take);
      filled += take;
    }

    /** True exactly once: at the batch that completes the preview. */
    boolean justFilled() {
      if (stored || filled < samples.length) {
        return false;
      }
      stored = true;
      return true;
    }

    double[] samples() {
      return samples;
    }
  }

  /**
   * A fresh network for model {@code id}, counted, and remembered in {@code networks} (and in
   * {@code opened} if it holds native memory).
   */
  private CountingDenoiser counted(
      String id,
      Map<String, String> pinned,
      List<CountingDenoiser> networks,
      List<AutoCloseable> opened) {
    Denoiser denoiser = models.denoiser(id, pinned);
    if (denoiser instanceof AutoCloseable resource) {
      opened.add(resource);
    }
    CountingDenoiser network = new CountingDenoiser(denoiser);
    networks.add(network);
    return network;
  }

  /**
   * The requested metrics in request order; undefined values (NaN, e.g. FD of one sample) as null.
   */
  private static Map<String, Double> select(Map<String, Double> all, List<String> requested) {
    Map<String, Double> selected = new LinkedHashMap<>();
    for (String name : requested) {
      Double value = all.get(name);
      selected.put(name, value == null || !Double.isFinite(value) ? null : value);
    }
    return selected;
  }
}
