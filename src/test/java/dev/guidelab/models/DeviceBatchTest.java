package dev.guidelab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.djl.DjlEngine;
import dev.guidelab.features.Fixtures;
import dev.guidelab.features.Images;
import dev.guidelab.guidance.CountingDenoiser;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.IndependentCondition.ConditionNoise;
import dev.guidelab.guidance.methods.Apg;
import dev.guidelab.guidance.methods.Autoguidance;
import dev.guidelab.guidance.methods.Blend;
import dev.guidelab.guidance.methods.Cads;
import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.Icg;
import dev.guidelab.guidance.methods.Interval;
import dev.guidelab.guidance.methods.None;
import dev.guidelab.guidance.methods.Tsg;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.Evaluation;
import dev.guidelab.sampling.SampleConditions;
import dev.guidelab.sampling.SamplerSettings;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device path ({@link TensorBatch}, float32 on the engine's device) against the host path
 * ({@code ArrayBatch}, float64; bit for bit the arithmetic of each rule, which the sampling and
 * guidance tests check against their references): each batch operation, then the sampler with every
 * guidance method, on the same inputs and the same per-sample draws.
 *
 * <p>Tolerances: float32 rounds each value to a relative 2⁻²⁴ ≈ 6·10⁻⁸. One operation on rounded
 * inputs is within a few of those of the float64 result (1e-6 relative, with room for the engine's
 * reordered sums in the inner products). A sampling run of 8 Heun steps does some 30 operations per
 * step on values of order σ_max = 10; its rounding errors add up, and are not amplified (every
 * guided step here contracts), to about 30·8·6·10⁻⁸ ≈ 1.5·10⁻⁵ of the largest value in the worst
 * case and far less in practice (they are random in sign; 2–5·10⁻⁷ measured with libtorch 2.5.1 on
 * the CPU), so 1e-5 of the batch's largest value bounds the difference while any error of a formula
 * (a wrong sign, a missed momentum, a swapped draw) is of order 1.
 */
class DeviceBatchTest {

  private static final int N = 16;
  private static final int DIM = 48;
  private static final int CLASSES = 3;
  private static final SamplerSettings SETTINGS =
      new SamplerSettings(8, 0.01, 10, 7, 2, 10, 0.05, 5, 1.003, SamplerSettings.Start.NOISE);

  @BeforeAll
  static void offlineEngine() {
    DjlEngine.applyDefaults(); // offline, one thread: before the engine first loads
  }

  @Test
  void everyOperationMatchesTheHostArithmetic() {
    double[] a = random(1, N * DIM);
    double[] b = random(2, N * DIM);
    double[] rows = random(3, N);
    List<UnaryOperator<Batch>> ops =
        List.of(
            x -> x.minus(x.space().of(b, DIM)),
            x -> x.plus(-0.7, x.space().of(b, DIM)),
            x -> x.times(1.3),
            x -> x.dividedBy(0.37),
            x -> x.timesRows(rows),
            x -> x.plusNoise(0.8, Evaluation.standalone(N, 5).rngs()));
    for (int i = 0; i < ops.size(); i++) {
      double[] host = apply(BatchSpace.HOST, a, ops.get(i));
      double[] device = apply(TensorBatch.SPACE, a, ops.get(i));
      assertClose(host, device, 1e-6, "operation " + i);
    }
    assertClose(dots(BatchSpace.HOST, a, b), dots(TensorBatch.SPACE, a, b), 1e-6, "dots");
  }

  static Stream<GuidanceParams> rules() {
    GuidanceParams autoguidance = new Autoguidance.Params("G", 2);
    return Stream.of(
        new None.Params(),
        new Cfg.Params(null, 2.5),
        autoguidance,
        new Blend.Params(null, "G", 0.3, 2),
        new Apg.Params(null, 0.5, 2, -0.5, 3),
        new Apg.Params("G", 1, 0, 0.4, 2),
        new Icg.Params(ConditionNoise.RANDOM_CLASS, 2),
        new Icg.Params(ConditionNoise.GAUSSIAN, 2),
        new Tsg.Params(0.5, 1, 2),
        new Interval.Params(autoguidance, 0.3, 5.0, null, null),
        new Interval.Params(new Cfg.Params(null, 3), null, null, 2, 5),
        new Cads.Params(new Cfg.Params(null, 2), 0.2, 0.8, 0.1, 0.5, true));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void samplingWithEachRuleMatchesTheHostPath(GuidanceParams rule) {
    double[] host = sample(rule, BatchSpace.HOST);
    double[] device = sample(rule, TensorBatch.SPACE);
    assertClose(host, device, 1e-5, rule.label());
  }

  @Test
  void deviceSamplesDoNotDependOnBatching() {
    GuidanceParams apg = new Apg.Params(null, 0.5, 2, -0.5, 3);
    Denoiser guided = apg.denoiser(new Affine(0.3, TensorBatch.SPACE), id -> null);
    EdmSampler sampler = new EdmSampler(SETTINGS, guided, null, SampleConditions.random(CLASSES));
    double[] whole = sampler.sample(7, 0, N);
    double[] first = sampler.sample(7, 0, 5);
    double[] rest = sampler.sample(7, 5, N - 5);
    double[] split = new double[N * DIM];
    System.arraycopy(first, 0, split, 0, first.length);
    System.arraycopy(rest, 0, split, first.length, rest.length);
    assertArrayEquals(whole, split, 0);
  }

  @Test
  void aSampledBatchLeavesNoArraysBehind() {
    sample(new Apg.Params("G", 0.5, 2, -0.5, 3), TensorBatch.SPACE);
    int live = TorchScriptDenoiserTest.engineArrays();
    sample(new Apg.Params("G", 0.5, 2, -0.5, 3), TensorBatch.SPACE);
    sample(new Cads.Params(new Cfg.Params(null, 2), 0.2, 0.8, 0.1, 0.5, true), TensorBatch.SPACE);
    assertEquals(live, TorchScriptDenoiserTest.engineArrays());
  }

  /**
   * The final samples quantised where they are (a feature network's input) are the images of the
   * samples copied to the host — the device computes the same float64 formula — and go with their
   * scope.
   */
  @Test
  void finalSamplesAreQuantisedOnTheDevice() {
    ImageShape shape = new ImageShape(3, 4, 0);
    assertEquals(DIM, shape.dim());
    Denoiser guided = new Cfg.Params(null, 2).denoiser(new Affine(0.3, TensorBatch.SPACE), null);
    EdmSampler sampler = new EdmSampler(SETTINGS, guided, null, SampleConditions.random(CLASSES));
    Images.Uint8 expected = Fixtures.quantised(sampler.sample(7, 0, N), 3, 4, 4);
    int live = TorchScriptDenoiserTest.engineArrays();
    byte[] pixels =
        sampler.sample(
            7,
            0,
            N,
            samples -> {
              try (Images.OnDevice images = SampleImages.quantised(samples, shape)) {
                return images.toHost(0, N).pixels();
              }
            });
    assertArrayEquals(expected.pixels(), pixels);
    long levels = IntStream.range(0, pixels.length).map(i -> pixels[i]).distinct().count();
    assertTrue(levels > 20, levels + " grey levels: the samples are not just clipped");
    assertEquals(live, TorchScriptDenoiserTest.engineArrays());
  }

  /** The final samples of {@code rule} over two {@link Affine} networks in {@code space}. */
  private static double[] sample(GuidanceParams rule, BatchSpace space) {
    CountingDenoiser main = new CountingDenoiser(new Affine(0.3, space));
    Denoiser guide = new Affine(0.1, space);
    Denoiser guided = rule.denoiser(main, id -> guide);
    assertEquals(space, guided.space());
    double[] x =
        new EdmSampler(SETTINGS, guided, null, SampleConditions.random(CLASSES)).sample(7, 3, N);
    assertTrue(main.calls() > 0);
    return x;
  }

  /**
   * {@code D(x; σ) = s_j·x_j + o} with {@code s_j = (1 + Σ_i 0.1·(i+1)·c_ji + shift_j)/(1 + σ²)}
   * and a fixed pattern {@code o_i = offset·sin(i)} over a sample's values: built from batch
   * operations only, so it is the same denoiser in either space, and it reads the condition and the
   * noise shift the rules rewrite.
   */
  private record Affine(double offset, BatchSpace space) implements Denoiser {

    @Override
    public int dim() {
      return DIM;
    }

    @Override
    public int conditionDim() {
      return CLASSES;
    }

    @Override
    public Batch denoise(Batch x, double sigma, Evaluation eval) {
      int n = x.size();
      double[] c = eval.condition();
      double[] shift = eval.noiseShift();
      double[] s = new double[n];
      for (int j = 0; j < n; j++) {
        s[j] = 1 + (shift == null ? 0 : shift[j]);
        for (int i = 0; c != null && i < CLASSES; i++) {
          s[j] += 0.1 * (i + 1) * c[j * CLASSES + i];
        }
        s[j] /= 1 + sigma * sigma;
      }
      double[] o = new double[n * DIM];
      for (int k = 0; k < o.length; k++) {
        o[k] = offset * Math.sin(k % DIM);
      }
      return x.timesRows(s).plus(1, space.of(o, DIM));
    }
  }

  private static double[] apply(BatchSpace space, double[] a, UnaryOperator<Batch> op) {
    try (BatchSpace.Scope scope = space.open(List.of())) {
      return op.apply(space.of(a, DIM)).toArray();
    }
  }

  private static double[] dots(BatchSpace space, double[] a, double[] b) {
    try (BatchSpace.Scope scope = space.open(List.of())) {
      return space.of(a, DIM).dots(space.of(b, DIM));
    }
  }

  private static double[] random(long seed, int length) {
    RandomGenerator rng = new SplittableRandom(seed);
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = 3 * rng.nextGaussian();
    }
    return v;
  }

  /** {@code |host − device| ≤ relative·max|host|}, elementwise. */
  private static void assertClose(double[] host, double[] device, double relative, String what) {
    double max = 0;
    for (double v : host) {
      max = Math.max(max, Math.abs(v));
    }
    assertArrayEquals(host, device, relative * max, what);
  }
}
