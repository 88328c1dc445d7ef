package dev.guidelab.work;

import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.metrics.Metric;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.PinnedModel;
import dev.guidelab.references.PinnedReference;
import dev.guidelab.sampling.SamplerSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sweep as the api resolved it at submission and workers read it: the spec's computational
 * content with every model, the feature network and the reference pinned by content hash. Stored
 * with the experiment ({@code experiment.resolved}) and read with plain Jackson, so a worker never
 * parses a spec or looks a name up, and an experiment accepted once stays runnable however the
 * spec's validation changes later. A point adds its own guidance and seed ({@code point.params},
 * {@code point.seed}).
 *
 * @param main the main model
 * @param mains the main models of points that sample with their own ({@code mainEma}: the main at
 *     other post-hoc EMA widths), by name; empty for most sweeps (and absent from those stored
 *     before EMA sweeps)
 * @param guides every guiding model a point names, by that name
 * @param condition what a conditional main model's samples are conditioned on; null otherwise
 * @param sampler the EDM sampler, every setting filled
 * @param samples samples per point
 * @param metrics the metrics to compute, in registry order
 * @param reference what {@code fd} is measured against; null for the toy's exact class-A moments
 * @param features the feature network an image model's samples are measured in; null for the toy's
 *     raw 2-D samples
 */
public record ResolvedSweep(
    PinnedModel main,
    Map<String, PinnedModel> mains,
    Map<String, PinnedModel> guides,
    Condition condition,
    SamplerSettings sampler,
    int samples,
    List<Metric> metrics,
    PinnedReference reference,
    FeatureNetworks.Registered features) {

  /** The experiments of guided sampling. */
  public static final ExperimentKind KIND = new ExperimentKind("sweep");

  public ResolvedSweep {
    Objects.requireNonNull(main, "main");
    Objects.requireNonNull(sampler, "sampler");
    mains = mains == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(mains));
    guides = Collections.unmodifiableMap(new LinkedHashMap<>(guides));
    metrics = List.copyOf(metrics);
  }

  /** A point's pinned main model: {@link #main}, or the point's own named {@code name}. */
  public PinnedModel main(String name) {
    if (name == null) {
      return main;
    }
    PinnedModel own = mains.get(name);
    if (own == null) {
      throw new IllegalArgumentException("the experiment pinned no main model named " + name);
    }
    return own;
  }

  /** The pinned guiding model a point names. */
  public PinnedModel guide(String name) {
    PinnedModel guide = guides.get(name);
    if (guide == null) {
      throw new IllegalArgumentException("the experiment pinned no guide named " + name);
    }
    return guide;
  }
}
