package dev.guidelab.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.db.Write;
import dev.guidelab.engine.Point;
import dev.guidelab.engine.PointFailure;
import dev.guidelab.engine.PointKind;
import dev.guidelab.engine.PointRun;
import dev.guidelab.engine.WorkerConfig;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.guidance.CountingDenoiser;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.metrics.FeatureSpaceMetrics;
import dev.guidelab.metrics.FrechetDistance;
import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.ToyMetrics;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ImageShape;
import dev.guidelab.models.ModelCatalog;
import dev.guidelab.models.PinnedModel;
import dev.guidelab.references.PinnedReference;
import dev.guidelab.references.ReferenceStatistics;
import dev.guidelab.references.ReferenceStore;
import dev.guidelab.results.PointTop1Store;
import dev.guidelab.results.SamplePreviews;
import dev.guidelab.results.TypicalImageStore;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.sampling.StartDistribution;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.work.Condition;
import dev.guidelab.work.PointContent;
import dev.guidelab.work.ResolvedSweep;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Computes one point of a sweep: samples it in batches with its guidance over the pinned models,
 * accumulates its metrics (the toy's on raw 2-D samples, or those of the feature space for an image
 * model), and reports partial values after every batch, with the toy's sample preview, an image
 * point's Top-1 histograms and, at the end, its most and least typical images. TorchScript
 * denoisers and the feature network are opened for the point and closed after it.
 *
 * <p><b>Checkpoints.</b> Every progress report of a toy point carries its streaming state (metrics
 * and preview, {@link SweepCheckpoint}); an image point's while that state is at most {@code
 * guidelab.worker.checkpoint-max-bytes}. A point claimed again after a crash, a kill or a shutdown
 * restores it and continues after the checkpoint's samples, with the NFE spent before added: sample
 * k draws from (seed, k) alone, so its results are bit for bit those of an uninterrupted run, and
 * what was stored before (the preview, the metrics up to there) is not stored again. A checkpoint
 * that cannot be read is ignored with a warning and the point starts over.
 */
@ApplicationScoped
public class SweepPoints implements PointKind<ResolvedSweep> {

  private static final Logger LOG = Logger.getLogger(SweepPoints.class);

  private final ModelCatalog models;
  private final FeatureNetworks featureNetworks;
  private final ReferenceStore references;
  private final ReferenceVectors referenceVectors;
  private final SamplePreviews previews;
  private final TypicalImageStore typicalImages;
  private final PointTop1Store top1;
  private final ObjectMapper json;
  private final WorkerConfig config;
  private final MetricTimers timers;

  public SweepPoints(
      ModelCatalog models,
      FeatureNetworks featureNetworks,
      ReferenceStore references,
      ReferenceVectors referenceVectors,
      SamplePreviews previews,
      TypicalImageStore typicalImages,
      PointTop1Store top1,
      ObjectMapper json,
      WorkerConfig config,
      MetricTimers timers) {
    this.models = models;
    this.featureNetworks = featureNetworks;
    this.references = references;
    this.referenceVectors = referenceVectors;
    this.previews = previews;
    this.typicalImages = typicalImages;
    this.top1 = top1;
    this.json = json;
    this.config = config;
    this.timers = timers;
  }

  @Override
  public boolean unitsAreSamples() {
    return true;
  }

  @Override
  public ExperimentKind kind() {
    return ResolvedSweep.KIND;
  }

  @Override
  public Class<ResolvedSweep> resolvedType() {
    return ResolvedSweep.class;
  }

  @Override
  public void compute(Point<ResolvedSweep> point, PointRun run) {
    GuidanceParams guidance;
    try {
      guidance = json.treeToValue(point.params(), GuidanceParams.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new PointFailure("the point's guidance cannot be read: " + e.getMessage(), e);
    }
    List<AutoCloseable> opened = new ArrayList<>(); // TorchScript denoisers, the feature network
    try {
      compute(point, guidance, run, opened);
    } finally {
      for (AutoCloseable resource : opened) {
        try {
          resource.close();
        } catch (Exception e) {
          LOG.warnf(e, "Closing %s after point %s failed", resource, point.pointId());
        }
      }
    }
  }

  /** {@link #compute}'s work; what it opens goes to {@code opened}, which the caller closes. */
  private void compute(
      Point<ResolvedSweep> point,
      GuidanceParams guidance,
      PointRun run,
      List<AutoCloseable> opened) {
    ResolvedSweep spec = point.resolved();
    // One counting wrapper per network gives the NFE actually spent: guidance that re-evaluates
    // the main network (CFG without a guide, ICG, TSG) goes through `main`, and skipped guide
    // evaluations (w = 1, outside an interval) are not counted.
    List<CountingDenoiser> networks = new ArrayList<>();
    CountingDenoiser main = counted(spec.main(point.main()), networks, opened);
    Denoiser guided = guidance.denoiser(main, id -> counted(spec.guide(id), networks, opened));
    StartDistribution start =
        spec.sampler().start() == SamplerSettings.Start.DATA
            ? ModelCatalog.groundTruth(spec.main(point.main()), toyClass(spec.condition()))
            : null;
    EdmSampler sampler =
        new EdmSampler(
            spec.sampler(),
            guided,
            start,
            spec.condition() == null ? null : spec.condition().samples(main.conditionDim()));

    int n = point.units();
    Supplier<PointMetrics> fresh = metrics(spec, n, opened);
    PointMetrics metrics = fresh.get();
    Preview preview = new Preview(Math.min(n, SamplePreviews.SIZE));
    // The toy's state is always kept (a few hundred kB); a feature-space point's while it fits.
    String content =
        PointContent.hash(
            json, spec, point.main(), guidance.models(), point.params(), point.seed());
    SweepCheckpoint checkpoints =
        SweepCheckpoint.of(
            point,
            content,
            metrics.toy(),
            metrics.toy() ? SweepCheckpoint.MAX_STATE : config.checkpointMaxBytes().asLongValue());
    int done = 0;
    long nfeBefore = 0; // spent before the checkpoint resumed from
    if (point.checkpoint() != null) {
      if (checkpoints.resume(point.checkpoint(), preview, metrics)) {
        done = point.checkpoint().done();
        nfeBefore = point.checkpoint().nfe();
      } else {
        metrics = fresh.get();
        preview = new Preview(Math.min(n, SamplePreviews.SIZE));
      }
    }
    List<String> requested = Metric.wireNames(spec.metrics());
    while (done < n) {
      int count = Math.min(config.batchSize(), n - done);
      double[] toySamples = sampleInto(metrics, sampler, point.seed(), done, count);
      if (toySamples != null) {
        preview.add(toySamples);
      }
      done += count;
      List<Write> writes = new ArrayList<>();
      if (preview.justFilled()) {
        writes.add(
            previews.write(
                point.pointId(), preview.samples(), metrics.sampleScores().orElseThrow()));
      }
      metrics.top1().ifPresent(histograms -> writes.add(top1.write(point.pointId(), histograms)));
      if (done == n) {
        metrics.typicalImages(point.pointId()).ifPresent(t -> writes.add(typicalImages.write(t)));
      }
      long nfe = nfeBefore + networks.stream().mapToLong(CountingDenoiser::samples).sum();
      MetricTimers.Report times = new MetricTimers.Report();
      Map<String, Double> stderr = new LinkedHashMap<>(metrics.standardErrors(times));
      stderr.keySet().retainAll(requested);
      stderr.values().removeIf(se -> se == null || !Double.isFinite(se));
      PointRun.Results results =
          new PointRun.Results(select(metrics.values(times), requested), stderr, nfe, writes);
      timers.record(times, spec.metrics());
      // The state after this report's values (a k-NN checkpoint they computed is part of it); the
      // final one is kept with the completed point, for a larger point of its content to continue.
      byte[] state = checkpoints.take(done, preview, metrics);
      if (state != null) {
        results = results.withCheckpoint(state);
      }
      if (done == n) {
        run.complete(done, results);
        break;
      }
      run.progress(done, results);
    }
  }

  /**
   * Samples {@code [done, done + count)} into {@code metrics}, where the sampler leaves them (an
   * image point's on the device); returns the toy's samples, for its preview, else null.
   */
  private static double[] sampleInto(
      PointMetrics metrics, EdmSampler sampler, long seed, int done, int count) {
    return sampler.sample(
        seed,
        done,
        count,
        samples -> {
          metrics.accept(samples);
          return metrics.toy() ? samples.toArray() : null;
        });
  }

  /**
   * Fresh accumulators of the point's metrics at each call: the toy's metrics of the raw samples,
   * or, when the spec names a feature network, the metrics in its space with the network (opened
   * once, into {@code opened}) and the reference pinned at submission (the reference's feature
   * vectors are loaded when first needed; its Top-1 class histogram if it asks for {@code
   * top1_tv}).
   */
  private Supplier<PointMetrics> metrics(
      ResolvedSweep spec, int samples, List<AutoCloseable> opened) {
    if (spec.features() == null) {
      FrechetDistance.Reference fdReference =
          spec.reference() == null ? ToyMetrics.CLASS_A : gaussian(reference(spec.reference()));
      // Top-1 histogram of the built-in reference class; class A when there is no reference or an
      // imported one (the spec parser then allows no Top-1 metric).
      ToyClass top1Reference =
          spec.reference() == null || spec.reference().toyClass() == null
              ? ToyClass.A
              : spec.reference().toyClass();
      return () ->
          PointMetrics.toy(
              new ToyMetrics(
                  samples, spec.metrics(), fdReference, top1Reference, SamplePreviews.SIZE));
    }
    ReferenceStatistics statistics = reference(spec.reference());
    FrechetDistance.Reference fdReference = gaussian(statistics);
    long[] referenceTop1 =
        spec.metrics().contains(Metric.TOP1_TV) ? referenceTop1(statistics) : null;
    FeatureNetwork network = featureNetworks.open(spec.features());
    opened.add(network);
    ImageShape shape = spec.main().image();
    // The most and least typical images (PNG: 1 or 3 channels) among the samples the k-NN
    // metrics keep, by the realism scores the realism metric aggregates.
    boolean typical =
        spec.metrics().contains(Metric.REALISM) && (shape.channels() == 1 || shape.channels() == 3);
    return () ->
        new ImageFeatureMetrics(
            shape,
            network,
            new FeatureSpaceMetrics(
                samples,
                spec.metrics(),
                fdReference,
                () -> referenceVectors.get(statistics.key()),
                referenceTop1),
            typical ? new TypicalImageTracker() : null);
  }

  private static FrechetDistance.Reference gaussian(ReferenceStatistics statistics) {
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
                new PointFailure(
                    "reference " + statistics.name() + " has no Top-1 class histogram"));
  }

  /** The reference statistics by the content key pinned at submission. */
  private ReferenceStatistics reference(PinnedReference pinned) {
    return references
        .findByKey(pinned.key())
        .orElseThrow(
            () ->
                new PointFailure(
                    "reference statistics " + pinned.key() + " (" + pinned.name() + ") are gone"));
  }

  /** The toy class a conditional toy network's samples are conditioned on, or null. */
  private static ToyClass toyClass(Condition condition) {
    String name = Condition.toyClass(condition);
    return name == null ? null : ToyClass.valueOf(name);
  }

  /**
   * A fresh network for a pinned model, counted, and remembered in {@code networks} (and in {@code
   * opened} if it holds native memory).
   */
  private CountingDenoiser counted(
      PinnedModel model, List<CountingDenoiser> networks, List<AutoCloseable> opened) {
    Denoiser denoiser = models.denoiser(model);
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
