package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import dev.guidelab.sampling.SampleRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each guidance rule built by {@link Guidance#denoiser} against hand-computed values.
 *
 * <p>Main network {@code D_m = x/2 + c} (see {@link TestNets.Conditional}) on {@code x = (2, 4 |
 * −2, 0)} conditioned on class A {@code c = (1, 0)}: {@code D_m = (2, 2 | 0, 0)}; with the null
 * condition {@code D_u = (1, 2 | −1, 0)}. Guide network {@code G = x/4 + c}: {@code D_G = (1.5, 1 |
 * 0.5, 0)}. All values are exact in binary, so equality is exact.
 */
class GuidanceTest {

  private static final double[] X = {2, 4, -2, 0};
  private static final double SIGMA = 0.5;

  private final TestNets.Conditional mainNet = new TestNets.Conditional(0.5);
  private final CountingDenoiser main = new CountingDenoiser(mainNet);
  private final TestNets.Conditional guideNet = new TestNets.Conditional(0.25);
  private final Map<String, CountingDenoiser> guides = new HashMap<>();

  private Denoiser build(GuidanceParams params) {
    return params.denoiser(
        main,
        id ->
            guides.computeIfAbsent(id, k -> new CountingDenoiser(k.equals("G") ? guideNet : null)));
  }

  private static Evaluation classA() {
    return TestNets.conditioned(2, 1, 0);
  }

  @Test
  void noneIsTheMainModel() {
    assertArrayEquals(
        new double[] {2, 2, 0, 0}, build(new None.Params()).denoise(X, SIGMA, classA()), 0);
  }

  @Test
  void cfgWithoutGuideEvaluatesTheMainModelWithTheNullCondition() {
    // D = D_u + 3(D_m − D_u) = (1 + 3, 2 + 0 | −1 + 3, 0).
    double[] d = build(new Cfg.Params(null, 3)).denoise(X, SIGMA, classA());

    assertArrayEquals(new double[] {4, 2, 2, 0}, d, 0);
    assertEquals(2, main.calls(), "main and its unconditional evaluation both counted");
  }

  @Test
  void cfgWithANamedConditionalGuideGivesItTheNullCondition() {
    // D_g = x/4 + 0 = (0.5, 1 | −0.5, 0); D = 2D_m − D_g = (3.5, 3 | 0.5, 0).
    double[] d = build(new Cfg.Params("G", 2)).denoise(X, SIGMA, classA());

    assertArrayEquals(new double[] {3.5, 3, 0.5, 0}, d, 0);
    assertArrayEquals(new double[] {0, 0, 0, 0}, guideNet.conditions.get(0), 0);
  }

  @Test
  void autoguidanceEvaluatesTheGuideWithTheSameCondition() {
    // D = 2D_m − D_G = (4 − 1.5, 4 − 1 | 0 − 0.5, 0).
    double[] d = build(new Autoguidance.Params("G", 2)).denoise(X, SIGMA, classA());

    assertArrayEquals(new double[] {2.5, 3, -0.5, 0}, d, 0);
    assertArrayEquals(new double[] {1, 0, 1, 0}, guideNet.conditions.get(0), 0);
    assertEquals(1, guides.get("G").calls());
  }

  @Test
  void blendMixesTheUnconditionalAndTheDegradedGuide() {
    // D_g = 0.75·D_u + 0.25·D_G = (1.125, 1.75 | −0.625, 0); D = 2D_m − D_g.
    double[] d = build(new Blend.Params(null, "G", 0.25, 2)).denoise(X, SIGMA, classA());

    assertArrayEquals(new double[] {2.875, 2.25, 0.625, 0}, d, 0);
  }

  @Test
  void blendAtTheEndsIsCfgOrAutoguidanceAndSkipsTheOtherGuide() {
    assertArrayEquals(
        build(new Cfg.Params(null, 2)).denoise(X, SIGMA, classA()),
        build(new Blend.Params(null, "G", 0, 2)).denoise(X, SIGMA, classA()),
        0);
    assertEquals(0, guides.get("G").calls());
    assertArrayEquals(
        build(new Autoguidance.Params("G", 2)).denoise(X, SIGMA, classA()),
        build(new Blend.Params(null, "G", 1, 2)).denoise(X, SIGMA, classA()),
        0);
  }

  @Test
  void icgGuidesWithARandomClassDrawnFromEachSamplesGenerator() {
    Evaluation eval = classA();
    double[] d = build(new Icg.Params(ConditionNoise.RANDOM_CLASS, 2)).denoise(X, SIGMA, eval);

    // Replay each sample's stream: ĉ_j = one-hot(nextInt(2)); D = 2D_m − (x/2 + ĉ).
    double[] expected = new double[4];
    double[] dMain = {2, 2, 0, 0};
    for (int j = 0; j < 2; j++) {
      int k = SampleRandom.forSample(7, j).nextInt(2);
      for (int i = 0; i < 2; i++) {
        double guide = 0.5 * X[2 * j + i] + (i == k ? 1 : 0);
        expected[2 * j + i] = 2 * dMain[2 * j + i] - guide;
      }
    }
    assertArrayEquals(expected, d, 0);
    assertEquals(2, main.calls());
  }

  @Test
  void icgGaussianConditionHasTheConditionsMeanAndStd() {
    // One-hot (1, 0): mean 0.5, std 0.5, so ĉ_i = 0.5 + 0.5·n_i.
    build(new Icg.Params(ConditionNoise.GAUSSIAN, 2)).denoise(X, SIGMA, classA());

    double[] seen = mainNet.conditions.get(1);
    for (int j = 0; j < 2; j++) {
      RandomGenerator rng = SampleRandom.forSample(7, j);
      for (int i = 0; i < 2; i++) {
        assertEquals(0.5 + 0.5 * rng.nextGaussian(), seen[2 * j + i], 0);
      }
    }
  }

  @Test
  void tsgShiftsTheNoiseEmbeddingByScaleTimesSigmaToTheAlphaTimesNoise() {
    // δ_j = s·σ^α·n_j = 2·0.5²·n_j; D_g = D_m + δ_j(1, 1); D = D_m − (w − 1)δ_j(1, 1).
    double[] d = build(new Tsg.Params(2, 2, 3)).denoise(X, SIGMA, classA());

    double[] dMain = {2, 2, 0, 0};
    for (int j = 0; j < 2; j++) {
      double delta = 2 * 0.25 * SampleRandom.forSample(7, j).nextGaussian();
      assertEquals(dMain[2 * j] - 2 * delta, d[2 * j], 1e-15);
      assertEquals(dMain[2 * j + 1] - 2 * delta, d[2 * j + 1], 1e-15);
    }
    assertArrayEquals(new double[] {1, 0, 1, 0}, mainNet.conditions.get(1), 0, "condition kept");
  }

  static Stream<GuidanceParams> linearMethodsAtWeightOne() {
    return Stream.of(
        new Cfg.Params(null, 1),
        new Cfg.Params("G", 1),
        new Autoguidance.Params("G", 1),
        new Apg.Params(null, 0, 15, -0.5, 1),
        new Icg.Params(ConditionNoise.RANDOM_CLASS, 1),
        new Tsg.Params(1, 1, 1),
        new Blend.Params(null, "G", 0.5, 1),
        Interval.Params.bySigma(new Cfg.Params("G", 1), 0.1, 10),
        new Cads.Params(new Autoguidance.Params("G", 1), 1, 1, 0.25, 1, true));
  }

  @ParameterizedTest
  @MethodSource("linearMethodsAtWeightOne")
  void weightOneEvaluatesOnlyTheMainModelOnce(GuidanceParams params) {
    double[] d = build(params).denoise(X, SIGMA, classA());

    assertArrayEquals(new double[] {2, 2, 0, 0}, d, 0);
    assertEquals(1, main.calls(), "main evaluated once, no evaluation of it as a guide");
    assertEquals(0, guides.values().stream().mapToLong(CountingDenoiser::calls).sum());
  }

  @Test
  void guidedDenoisersReportTheMainModelsConditionDim() {
    for (GuidanceParams params : linearMethodsAtWeightOne().toList()) {
      assertEquals(2, build(params).conditionDim(), params.label());
    }
  }
}
