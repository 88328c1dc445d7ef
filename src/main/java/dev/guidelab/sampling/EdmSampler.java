package dev.guidelab.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * EDM's stochastic sampler (Karras et al. 2022, Algorithm 2; docs/sampling-and-guidance.md §1):
 * Heun ({@code order = 2}) or Euler ({@code order = 1}) steps over {@link NoiseSchedule#sigmas},
 * with optional churn {@code γ = min(S_churn/N, √2 − 1)} where {@code S_min ≤ t_i ≤ S_max}.
 *
 * <p>The denoiser is evaluated once per stage on the whole batch. Every sample draws its noise from
 * its own {@link SampleRandom#forSample} stream (start first, then churn noise only at steps where
 * churn applies), and a conditional network's sample its class from {@link SampleConditions}, so
 * sample {@code k} depends only on {@code (seed, k)}: results are bit-identical however a run is
 * split into batches.
 */
public final class EdmSampler {

  private final SamplerSettings settings;
  private final Denoiser net;
  private final StartDistribution start;
  private final int dim;
  private final SampleConditions conditions; // per-sample classes, or null when unconditional
  private final double[] t; // [N + 1] t_0..t_{N−1}, t_N = 0

  /**
   * @param settings sampler settings; {@code start = DATA} requires {@code dataStart}
   * @param net the (possibly guided) denoiser D
   * @param dataStart exact noisy data at σ_max for {@code start = DATA}; may be null for NOISE, and
   *     is ignored then ({@code x₀ = t_0·n})
   */
  public EdmSampler(SamplerSettings settings, Denoiser net, StartDistribution dataStart) {
    this(settings, net, dataStart, null);
  }

  /**
   * A sampler for a conditional network: sample {@code k} is conditioned on the one-hot vector of
   * {@code conditions.classOf(seed, k)}, of length {@code net.conditionDim()}.
   */
  public EdmSampler(
      SamplerSettings settings,
      Denoiser net,
      StartDistribution dataStart,
      SampleConditions conditions) {
    if (conditions != null && conditions.classes() != net.conditionDim()) {
      throw new IllegalArgumentException(
          "conditions are one-hot over "
              + conditions.classes()
              + " classes, the model takes "
              + net.conditionDim());
    }
    this.conditions = conditions;
    if (settings.order() != 1 && settings.order() != 2) {
      throw new IllegalArgumentException(
          "sampler.order must be 1 (Euler) or 2 (Heun), got " + settings.order());
    }
    if (settings.churn() < 0) {
      throw new IllegalArgumentException("sampler.churn must be ≥ 0, got " + settings.churn());
    }
    this.settings = settings;
    this.net = net;
    this.dim = net.dim();
    this.t = NoiseSchedule.sigmas(settings);
    if (settings.start() == SamplerSettings.Start.DATA) {
      if (dataStart == null) {
        throw new IllegalArgumentException(
            "sampler.start = DATA needs a ground truth to draw from; use NOISE for this model");
      }
      this.start = dataStart;
    } else {
      this.start = StartDistribution.gaussian(dim);
    }
  }

  /** Noise levels {@code t_0..t_N} of this sampler, a fresh copy. */
  public double[] sigmas() {
    return t.clone();
  }

  /**
   * Runs the sampler for samples {@code firstIndex .. firstIndex + count − 1} of the experiment
   * seeded by {@code seed}. The state stays in the denoiser's {@link Denoiser#space()} (on its
   * device) from the start to the final samples; each step's intermediates live in a scope the step
   * closes.
   *
   * @return final samples {@code [count, dim]} row-major
   */
  public double[] sample(long seed, long firstIndex, int count) {
    return sample(seed, firstIndex, count, Batch::toArray);
  }

  /**
   * {@link #sample(long, long, int)}, handing the final samples to {@code finish} where they are
   * (on the denoiser's device), before the run's scope releases them.
   *
   * @return what {@code finish} returns
   */
  public <R> R sample(long seed, long firstIndex, int count, Function<Batch, R> finish) {
    int steps = settings.steps();
    RandomGenerator[] rng = new RandomGenerator[count];
    double[] x0 = new double[count * dim]; // [count, dim]
    // Start: x_0 ~ start at t_0 (first draws of each sample's stream).
    for (int j = 0; j < count; j++) {
      rng[j] = SampleRandom.forSample(seed, firstIndex + j);
      start.draw(rng[j], t[0], x0, j * dim);
    }
    // Conditions: each sample's class from its own (seed, k), [count, conditionDim] or null.
    double[] y = conditions == null ? null : conditions.oneHot(seed, firstIndex, count);
    Map<Object, Batch> state = new HashMap<>(); // the guidance rules' state of this run
    BatchSpace space = net.space();
    try (BatchSpace.Scope run = space.open(List.of())) {
      Batch x = space.of(x0, dim);
      for (int i = 0; i < steps; i++) {
        List<Batch> carried = new ArrayList<>(state.values());
        carried.add(x);
        try (BatchSpace.Scope step = space.open(carried)) {
          Batch next = step(x, i, new Evaluation(i, steps, rng, y, null, state));
          state.replaceAll((rule, kept) -> step.keep(kept));
          x = step.keep(next);
        }
      }
      return finish.apply(x);
    }
  }

  /** Step {@code i}: from {@code x} at {@code t_i} to {@code t_{i+1}}. */
  private Batch step(Batch x, int i, Evaluation eval) {
    double tCur = t[i];
    double tNext = t[i + 1];
    // Increase noise temporarily: t̂ = t_i(1 + γ), x̂ = x + √(t̂² − t_i²)·S_noise·n_i.
    double gammaMax = Math.min(settings.churn() / settings.steps(), Math.sqrt(2) - 1);
    boolean churn = settings.churn() > 0 && settings.sMin() <= tCur && tCur <= settings.sMax();
    double tHat = churn ? tCur * (1 + gammaMax) : tCur;
    Batch xHat =
        churn
            ? x.plusNoise(Math.sqrt(tHat * tHat - tCur * tCur) * settings.sNoise(), eval.rngs())
            : x;
    // Euler step: d = (x̂ − D(x̂; t̂))/t̂, x' = x̂ + (t_{i+1} − t̂)·d.
    Batch d = xHat.minus(net.denoise(xHat, tHat, eval)).dividedBy(tHat);
    Batch xNext = xHat.plus(tNext - tHat, d);
    // Apply 2nd order correction: d' = (x' − D(x'; t_{i+1}))/t_{i+1}, x' = x̂ + (t_{i+1} − t̂)(d
    // + d')/2.
    if (settings.order() == 2 && i < settings.steps() - 1) {
      Batch dPrime = xNext.minus(net.denoise(xNext, tNext, eval)).dividedBy(tNext);
      xNext = xHat.plus(tNext - tHat, d.times(0.5).plus(0.5, dPrime));
    }
    return xNext;
  }
}
