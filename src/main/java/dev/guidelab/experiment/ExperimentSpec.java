package dev.guidelab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.ledger.PointView;
import dev.guidelab.models.EmaAddress;
import dev.guidelab.sampling.SampleConditions;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.work.Condition;
import dev.guidelab.work.PointContent;
import dev.guidelab.work.ResolvedSweep;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A validated, normalised v1 experiment spec: one main model, a sweep of guidance methods and
 * weights, sampler settings, and the metrics to compute at every point. Obtain one from {@link
 * SpecParser#parse(String)}, which fills every default, so two specs describing the same experiment
 * are equal.
 *
 * @param name human title, trimmed
 * @param priority when its points are claimed: those of higher priorities first ({@link
 *     ExperimentLedger#MIN_PRIORITY}..{@link ExperimentLedger#MAX_PRIORITY}, default 0); not part
 *     of the computation, so not of the spec hash
 * @param main id of the main (guided) model
 * @param condition what a conditional main model's samples are conditioned on: a toy class, an
 *     image model's class index or a random class per sample; null for an unconditional main model
 * @param sweep guidance methods with their parameters and weights, in spec order
 * @param sampler EDM sampler settings, every field filled
 * @param samples number of samples drawn per point
 * @param seeds base seeds, distinct, at least one: every point runs once per seed (sample k of a
 *     run draws its noise from (seed, k))
 * @param metrics metric names, in canonical order ({@link dev.guidelab.metrics.Metric})
 * @param reference the reference statistics Fréchet distances are measured against, or null for the
 *     toy's exact class-A moments
 * @param features the feature network an image model's samples are measured in, or null for the
 *     toy's raw 2-D samples
 * @param reuse whether a point whose content and samples equal a completed point's reuses its
 *     results instead of being computed (docs/reuse.md; default true); not part of the computation,
 *     so not of the spec hash
 */
public record ExperimentSpec(
    String name,
    int priority,
    String main,
    Condition condition,
    List<SweepEntry> sweep,
    SamplerSettings sampler,
    int samples,
    List<Long> seeds,
    List<String> metrics,
    String reference,
    String features,
    boolean reuse) {

  public ExperimentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(main, "main");
    Objects.requireNonNull(sampler, "sampler");
    sweep = List.copyOf(sweep);
    seeds = List.copyOf(seeds);
    metrics = List.copyOf(metrics);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("an experiment needs at least one seed");
    }
  }

  /**
   * One unit of work: a guidance choice run with one base seed.
   *
   * @param main the point's own main model, {@link #main} at the point's {@code mainEma}; null for
   *     {@link #main} itself
   * @param label the guidance's label — with the guides it names when other points of its method
   *     name other guides (a sweep over guides, e.g. post-hoc EMA addresses) — then its EMA axes
   *     ({@code ema_m=0.05 ema_g=0.1}), and {@code seed=<seed>} when the spec has several seeds
   */
  public record Run(GuidanceParams guidance, String main, long seed, String label) {}

  /**
   * The points to run: every sweep point ({@link #sweepPoints()}) once per seed, seed by seed, so a
   * whole curve is done before the next seed's repeats start.
   */
  public List<Run> runs() {
    List<SweepEntry.Point> points = sweepPoints();
    // Methods whose points name different guides: their labels say which.
    Map<String, Set<List<String>>> guidesByMethod =
        points.stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.guidance().method(),
                    Collectors.mapping(SweepEntry.Point::named, Collectors.toSet())));
    List<Run> runs = new ArrayList<>();
    for (long seed : seeds) {
      for (SweepEntry.Point point : points) {
        String label = point.guidance().label();
        if (guidesByMethod.get(point.guidance().method()).size() > 1 && !point.named().isEmpty()) {
          label += " (" + String.join(", ", point.named()) + ")";
        }
        label += point.ema().label();
        runs.add(
            new Run(
                point.guidance(),
                mainOf(point),
                seed,
                seeds.size() == 1 ? label : label + " seed=" + seed));
      }
    }
    return List.copyOf(runs);
  }

  /**
   * Expands the sweep into points, in spec order: each entry's cartesian product in the order of
   * {@link SweepEntry#points()} (the weights varying fastest).
   */
  public List<SweepEntry.Point> sweepPoints() {
    List<SweepEntry.Point> points = new ArrayList<>();
    for (SweepEntry entry : sweep) {
      points.addAll(entry.points());
    }
    return List.copyOf(points);
  }

  /** The guidance of every point of {@link #sweepPoints()}, in their order. */
  public List<GuidanceParams> points() {
    return sweepPoints().stream().map(SweepEntry.Point::guidance).toList();
  }

  /** A point's own main model, or null when it samples with {@link #main} itself. */
  private String mainOf(SweepEntry.Point point) {
    return point.ema().main() == null ? null : point.ema().mainAt(main);
  }

  /**
   * Where a run's models lie on the EMA axes, read from their post-hoc EMA addresses (the guide's
   * from its first guide that is one); null if none is.
   */
  private PointView.Ema emaOf(Run run) {
    EmaAddress mainAt = address(run.main() == null ? main : run.main());
    EmaAddress guideAt =
        run.guidance().models().stream()
            .map(ExperimentSpec::address)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    if (mainAt == null && guideAt == null) {
      return null;
    }
    return new PointView.Ema(
        mainAt == null ? null : mainAt.sigmaRel(),
        guideAt == null ? null : guideAt.sigmaRel(),
        guideAt == null || guideAt.iteration().isEmpty() ? null : guideAt.iteration().getAsLong());
  }

  private static EmaAddress address(String model) {
    return EmaAddress.isAddress(model) ? EmaAddress.parse(model) : null;
  }

  /**
   * The main models the experiment samples with: {@link #main} first, then those of points that
   * name their own ({@code mainEma}), each once.
   */
  public List<String> mainNames() {
    Set<String> names = new LinkedHashSet<>();
    names.add(main);
    for (SweepEntry.Point point : sweepPoints()) {
      String own = mainOf(point);
      if (own != null) {
        names.add(own);
      }
    }
    return List.copyOf(names);
  }

  /** The guides the experiment's points name, in sweep order, each once. */
  public List<String> guideNames() {
    Set<String> names = new LinkedHashSet<>();
    for (GuidanceParams point : points()) {
      names.addAll(point.models());
    }
    return List.copyOf(names);
  }

  /**
   * What every sample is conditioned on, for a main network of {@code conditionDim} one-hot
   * classes; null for an unconditional main model.
   */
  public SampleConditions sampleConditions(int conditionDim) {
    return condition == null ? null : condition.samples(conditionDim);
  }

  /**
   * The network evaluations a point of this spec takes at most: per sample, the sampler's
   * evaluations of the guided denoiser, each of one network unguided and of at most two guided
   * (main and guide; CFG and APG without a guide evaluate the main network twice; a guidance
   * interval skips the second outside it).
   */
  long evaluations(GuidanceParams guidance) {
    int networks = guidance.guidanceWeight() == null ? 1 : 2;
    return (long) samples * sampler.evaluationsPerSample() * networks;
  }

  /**
   * What the ledger stores for this spec: one point per {@link #runs() run}.
   *
   * @param owner the user who submitted it
   * @param specJson the canonical JSON ({@link SpecParser#toJson})
   * @param specHash its hash ({@link SpecParser#hash})
   * @param resolved the form workers read ({@link SpecResolver#resolve})
   * @param json how points' guidance is written, in the ledger and in their content hash
   */
  public ExperimentLedger.NewExperiment toNewExperiment(
      String owner, String specJson, String specHash, ResolvedSweep resolved, ObjectMapper json) {
    return new ExperimentLedger.NewExperiment(
        ResolvedSweep.KIND,
        name,
        owner,
        specJson,
        specHash,
        resolved,
        SpecResolver.pins(resolved),
        runs().stream()
            .map(
                r ->
                    new ExperimentLedger.NewPoint(
                        r.label(),
                        r.guidance(),
                        r.main(),
                        emaOf(r),
                        r.seed(),
                        evaluations(r.guidance()),
                        PointContent.hash(
                            json,
                            resolved,
                            r.main(),
                            r.guidance().models(),
                            json.valueToTree(r.guidance()),
                            r.seed()),
                        r.guidance().guidanceWeight()))
            .toList(),
        samples,
        priority,
        reuse);
  }
}
