package dev.guidelab.experiment;

import dev.guidelab.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated, normalised v1 experiment spec: one main model, a sweep of guidance methods and
 * weights, sampler settings, and the metrics to compute at every point. Obtain one from {@link
 * SpecParser#parse(String)}, which fills every default, so two specs describing the same experiment
 * are equal.
 *
 * @param name human title, trimmed
 * @param owner who submitted it; {@code anonymous} when omitted
 * @param main id of the main (guided) model
 * @param sweep guidance methods and weights, in spec order
 * @param sampler EDM sampler settings, every field filled
 * @param samples number of samples drawn per point
 * @param seed base seed; per-sample seeds derive from it
 * @param metrics metric names, in the order of {@link SpecParser#KNOWN_METRICS}
 */
public record ExperimentSpec(
    String name,
    String owner,
    String main,
    List<SweepEntry> sweep,
    SamplerSettings sampler,
    int samples,
    long seed,
    List<String> metrics) {

  public ExperimentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(main, "main");
    Objects.requireNonNull(sampler, "sampler");
    sweep = List.copyOf(sweep);
    metrics = List.copyOf(metrics);
  }

  /**
   * Expands the sweep into points, in spec order: one point per (entry, weight), and one point with
   * weight {@code null} for an entry without weights.
   */
  public List<PointParams> points() {
    List<PointParams> points = new ArrayList<>();
    for (SweepEntry entry : sweep) {
      if (entry.weights() == null || entry.weights().isEmpty()) {
        points.add(new PointParams(entry.method(), entry.guide(), null));
      } else {
        for (Double w : entry.weights()) {
          points.add(new PointParams(entry.method(), entry.guide(), w));
        }
      }
    }
    return List.copyOf(points);
  }

  /** Every model the experiment uses: main first, then guides in sweep order, each once. */
  public List<String> modelNames() {
    Set<String> names = new LinkedHashSet<>();
    names.add(main);
    for (SweepEntry entry : sweep) {
      if (entry.guide() != null) {
        names.add(entry.guide());
      }
    }
    return List.copyOf(names);
  }
}
