package dev.guidelab.experiment;

import dev.guidelab.ledger.Pins;
import dev.guidelab.metrics.Metric;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ModelCatalog;
import dev.guidelab.models.PinnedModel;
import dev.guidelab.references.PinnedReference;
import dev.guidelab.references.ReferenceStore;
import dev.guidelab.work.ResolvedSweep;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves a validated spec once, at submission, into the form workers read ({@link
 * ResolvedSweep}): every model pinned by the content hash of its weights, the feature network by
 * its file's, the reference by its content key. After this nothing looks a name up again.
 */
@ApplicationScoped
public class SpecResolver {

  private final ModelCatalog models;
  private final ReferenceStore references;
  private final FeatureNetworks featureNetworks;

  public SpecResolver(
      ModelCatalog models, ReferenceStore references, FeatureNetworks featureNetworks) {
    this.models = models;
    this.references = references;
    this.featureNetworks = featureNetworks;
  }

  /**
   * The resolved form of a spec the parser accepted.
   *
   * @throws IllegalStateException if something it names went away since it was parsed
   */
  public ResolvedSweep resolve(ExperimentSpec spec) {
    Map<String, PinnedModel> mains = new LinkedHashMap<>();
    for (String name : spec.mainNames()) {
      if (!name.equals(spec.main())) {
        mains.put(name, models.pin(name));
      }
    }
    Map<String, PinnedModel> guides = new LinkedHashMap<>();
    for (String name : spec.guideNames()) {
      guides.put(name, models.pin(name));
    }
    PinnedReference reference =
        spec.reference() == null
            ? null
            : references
                .pin(spec.reference())
                .orElseThrow(() -> gone("reference statistics", spec.reference()));
    FeatureNetworks.Registered features =
        spec.features() == null
            ? null
            : featureNetworks
                .find(spec.features())
                .orElseThrow(() -> gone("feature network", spec.features()));
    return new ResolvedSweep(
        models.pin(spec.main()),
        mains,
        guides,
        spec.condition(),
        spec.sampler(),
        spec.samples(),
        Metric.named(spec.metrics()),
        reference,
        features);
  }

  /** The reproducibility record of a resolved sweep. */
  public static Pins pins(ResolvedSweep resolved) {
    Map<String, String> models = new LinkedHashMap<>();
    models.put(resolved.main().name(), resolved.main().sha256());
    resolved.mains().forEach((name, model) -> models.put(name, model.sha256()));
    resolved.guides().forEach((name, model) -> models.put(name, model.sha256()));
    return new Pins(
        models,
        resolved.reference() == null
            ? null
            : new Pins.Pin(resolved.reference().name(), resolved.reference().key()),
        resolved.features() == null
            ? null
            : new Pins.Pin(resolved.features().name(), resolved.features().sha256()));
  }

  private static IllegalStateException gone(String what, String name) {
    return new IllegalStateException(what + " '" + name + "' went away during submission");
  }
}
