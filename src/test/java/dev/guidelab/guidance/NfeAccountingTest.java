package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.guidance.IndependentCondition.ConditionNoise;
import dev.guidelab.guidance.methods.Apg;
import dev.guidelab.guidance.methods.Blend;
import dev.guidelab.guidance.methods.Cads;
import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.Icg;
import dev.guidelab.guidance.methods.Interval;
import dev.guidelab.guidance.methods.None;
import dev.guidelab.guidance.methods.Tsg;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SampleConditions;
import dev.guidelab.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network evaluations per sample, counted as PointRunner counts them (one {@link CountingDenoiser}
 * per network, guides resolved through counted wrappers): 8 Heun steps make 2N − 1 = 15 evaluations
 * per network role.
 */
class NfeAccountingTest {

  private static final SamplerSettings HEUN_8 =
      new SamplerSettings(8, 0.002, 5, 7, 2, 0, 0, 5, 1, SamplerSettings.Start.NOISE);

  static Stream<Arguments> methodsAndTheirNfe() {
    return Stream.of(
        Arguments.of(new None.Params(), 15),
        Arguments.of(new Cfg.Params(null, 2), 30),
        Arguments.of(new Cfg.Params("g", 2), 30),
        Arguments.of(new Cfg.Params(null, 1), 15),
        Arguments.of(new Apg.Params(null, 0, 0, -0.5, 3), 30),
        Arguments.of(new Icg.Params(ConditionNoise.RANDOM_CLASS, 2), 30),
        Arguments.of(new Tsg.Params(1, 1, 2), 30),
        Arguments.of(new Blend.Params(null, "g", 0.5, 2), 45),
        Arguments.of(new Blend.Params(null, "g", 1, 2), 30),
        // Steps 2..3 guided: 15 main + 2 steps × 2 guide evaluations.
        Arguments.of(Interval.Params.bySteps(new Cfg.Params(null, 2), 2, 3), 19),
        Arguments.of(new Cads.Params(new Cfg.Params("g", 2), 0.6, 0.9, 0.25, 1, true), 30));
  }

  @ParameterizedTest
  @MethodSource("methodsAndTheirNfe")
  void everyNetworkEvaluationIsCountedOnce(GuidanceParams params, int nfePerSample) {
    List<CountingDenoiser> networks = new ArrayList<>();
    CountingDenoiser main = new CountingDenoiser(new TestNets.Conditional(0.5));
    networks.add(main);
    var guided =
        params.denoiser(
            main,
            id -> {
              CountingDenoiser guide = new CountingDenoiser(new TestNets.Conditional(0.25));
              networks.add(guide);
              return guide;
            });

    new EdmSampler(HEUN_8, guided, null, SampleConditions.fixed(2, 0)).sample(1, 0, 5);

    long evaluated = networks.stream().mapToLong(CountingDenoiser::samples).sum();
    assertEquals(nfePerSample, evaluated / 5.0, 0, params.label());
  }
}
