package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.guidance.spec.ApgParams;
import dev.guidelab.guidance.spec.CadsParams;
import dev.guidelab.guidance.spec.CfgParams;
import dev.guidelab.guidance.spec.GuidanceParams;
import dev.guidelab.guidance.spec.IcgParams;
import dev.guidelab.guidance.spec.IcgParams.ConditionNoise;
import dev.guidelab.guidance.spec.TsgParams;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SamplerSettings;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guidance that draws randomness or keeps state gives every sample the same result however the
 * samples are batched (spec/sampling-and-guidance.md §3): one batch of 6 equals batches 2 + 4 and 5
 * + 1 through the EDM sampler with churn, one guided denoiser shared by all batches.
 */
class BatchIndependenceTest {

  private static final SamplerSettings SETTINGS =
      new SamplerSettings(12, 0.002, 5, 7, 2, 10, 0.05, 2, 1, SamplerSettings.Start.NOISE);
  private static final double[] CLASS_B = {0, 1};

  static Stream<GuidanceParams> randomOrStatefulMethods() {
    return Stream.of(
        new IcgParams(ConditionNoise.RANDOM_CLASS, 2),
        new IcgParams(ConditionNoise.GAUSSIAN, 2),
        new TsgParams(0.5, 1, 2),
        new ApgParams(null, 0, 1, -0.5, 3),
        new CadsParams(new CfgParams(null, 2), 0.6, 0.9, 0.25, 1, true),
        new CadsParams(new TsgParams(0.5, 1, 2), 0.3, 0.7, 0.5, 0.5, true));
  }

  @ParameterizedTest
  @MethodSource("randomOrStatefulMethods")
  void splittingABatchGivesIdenticalSamples(GuidanceParams params) {
    Denoiser guided = Guidance.denoiser(params, new TestNets.Conditional(0.6), id -> null);
    EdmSampler sampler = new EdmSampler(SETTINGS, guided, null, CLASS_B);

    double[] whole = sampler.sample(11, 0, 6);
    double[] split = concat(sampler.sample(11, 0, 2), sampler.sample(11, 2, 4));
    double[] otherSplit = concat(sampler.sample(11, 0, 5), sampler.sample(11, 5, 1));

    assertArrayEquals(whole, split, 0, params.label());
    assertArrayEquals(whole, otherSplit, 0, params.label());
  }

  @ParameterizedTest
  @MethodSource("randomOrStatefulMethods")
  void guidanceActuallyChangesTheSamples(GuidanceParams params) {
    Denoiser guided = Guidance.denoiser(params, new TestNets.Conditional(0.6), id -> null);
    double[] x = new EdmSampler(SETTINGS, guided, null, CLASS_B).sample(11, 0, 3);
    double[] plain =
        new EdmSampler(SETTINGS, new TestNets.Conditional(0.6), null, CLASS_B).sample(11, 0, 3);

    assertEquals(false, java.util.Arrays.equals(x, plain), params.label());
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = new double[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
