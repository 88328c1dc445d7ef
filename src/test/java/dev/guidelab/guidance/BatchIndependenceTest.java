package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.guidance.IndependentCondition.ConditionNoise;
import dev.guidelab.guidance.methods.Apg;
import dev.guidelab.guidance.methods.Cads;
import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.Icg;
import dev.guidelab.guidance.methods.Tsg;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SampleConditions;
import dev.guidelab.sampling.SamplerSettings;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guidance that draws randomness or keeps state gives every sample the same result however the
 * samples are batched (docs/sampling-and-guidance.md §3): one batch of 6 equals batches 2 + 4 and 5
 * + 1 through the EDM sampler with churn, one guided denoiser shared by all batches.
 */
class BatchIndependenceTest {

  private static final SamplerSettings SETTINGS =
      new SamplerSettings(12, 0.002, 5, 7, 2, 10, 0.05, 2, 1, SamplerSettings.Start.NOISE);
  private static final SampleConditions CLASS_B = SampleConditions.fixed(2, 1);

  static Stream<GuidanceParams> randomOrStatefulMethods() {
    return Stream.of(
        new Icg.Params(ConditionNoise.RANDOM_CLASS, 2),
        new Icg.Params(ConditionNoise.GAUSSIAN, 2),
        new Tsg.Params(0.5, 1, 2),
        new Apg.Params(null, 0, 1, -0.5, 3),
        new Cads.Params(new Cfg.Params(null, 2), 0.6, 0.9, 0.25, 1, true),
        new Cads.Params(new Tsg.Params(0.5, 1, 2), 0.3, 0.7, 0.5, 0.5, true));
  }

  @ParameterizedTest
  @MethodSource("randomOrStatefulMethods")
  void splittingABatchGivesIdenticalSamples(GuidanceParams params) {
    Denoiser guided = params.denoiser(new TestNets.Conditional(0.6), id -> null);
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
    Denoiser guided = params.denoiser(new TestNets.Conditional(0.6), id -> null);
    double[] x = new EdmSampler(SETTINGS, guided, null, CLASS_B).sample(11, 0, 3);
    double[] plain =
        new EdmSampler(SETTINGS, new TestNets.Conditional(0.6), null, CLASS_B).sample(11, 0, 3);

    assertEquals(false, Arrays.equals(x, plain), params.label());
  }

  @ParameterizedTest
  @MethodSource("randomOrStatefulMethods")
  void randomClassesSplitLikeAnyOtherRandomness(GuidanceParams params) {
    Denoiser guided = params.denoiser(new TestNets.Conditional(0.6), id -> null);
    EdmSampler sampler = new EdmSampler(SETTINGS, guided, null, SampleConditions.random(2));

    double[] whole = sampler.sample(11, 0, 6);
    double[] split = concat(sampler.sample(11, 0, 2), sampler.sample(11, 2, 4));

    assertArrayEquals(whole, split, 0, params.label());
  }

  /**
   * The label has a stream of its own ({@link dev.guidelab.sampling.SampleRandom#classLabel}), so
   * drawing it leaves the sample's noise, churn and guidance draws as they are.
   */
  @ParameterizedTest
  @MethodSource("randomOrStatefulMethods")
  void aDrawnClassGivesExactlyTheSampleConditionedOnThatClass(GuidanceParams params) {
    Denoiser guided = params.denoiser(new TestNets.Conditional(0.6), id -> null);
    SampleConditions random = SampleConditions.random(2);
    double[] drawn = new EdmSampler(SETTINGS, guided, null, random).sample(11, 0, 8);
    int[] seen = new int[2];
    for (int k = 0; k < 8; k++) {
      int c = random.classOf(11, k);
      seen[c]++;
      double[] fixed =
          new EdmSampler(SETTINGS, guided, null, SampleConditions.fixed(2, c)).sample(11, k, 1);
      assertArrayEquals(
          fixed, Arrays.copyOfRange(drawn, 2 * k, 2 * k + 2), 0, params.label() + ", k = " + k);
    }
    assertTrue(seen[0] > 0 && seen[1] > 0, "both classes drawn among 8 samples");
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = new double[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
