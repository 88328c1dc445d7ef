package dev.guidelab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.guidance.CountingDenoiser;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.IndependentCondition.ConditionNoise;
import dev.guidelab.guidance.methods.Autoguidance;
import dev.guidelab.guidance.methods.Cads;
import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.Icg;
import dev.guidelab.guidance.methods.None;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SampleConditions;
import dev.guidelab.sampling.SamplerSettings;
import org.junit.jupiter.api.Test;

/**
 * Class-conditional TorchScript sampling and guidance against the analytic oracle of {@code
 * gaussian-classes.pt}: class c's images are {@code N(m_c, s²I)} with {@code m_c = μ + δ_c}, the
 * null condition's {@code N(μ, s²I)}.
 *
 * <p>Its denoiser {@code D(x;σ,y) = m_y + c(σ)(x − m_y)}, {@code c = s²/(s² + σ²)}, is affine in
 * the condition's mean {@code m_y}, and the sampler is linear in the means it is given. So the
 * linear rule {@code D_g + w(D_m − D_g)} is the exact denoiser of {@code N(m_g + w(m_m − m_g),
 * s²I)}: CFG against the null condition samples mean {@code μ + w·δ_c} with the data's spread, and
 * guidance that draws a class per evaluation has the expected mean of its draws. The sampler starts
 * from {@code N(0, σ_max²I)}, not from {@code N(m, (s² + σ_max²)I)}, so the mean it reaches is
 * {@code m·(1 − s/√(s² + σ_max²))} (the ODE's exact solution, 0.19 % short of m at σ_max = 80).
 *
 * <p>Tolerances: the mean over 768 pixels of z² has SE √(2/768) ≈ 0.05; bounds are 5 SE, plus the
 * 128-step sampler's variance excess of 0.23 % (TorchScriptDenoiserTest).
 */
class ClassConditionalSamplingTest {

  private static final SamplerSettings SAMPLER =
      new SamplerSettings(128, 0.002, 80, 7, 2, 0, 0, 80, 1, SamplerSettings.Start.NOISE);
  private static final int N = 1000;
  private static final int DIM = ImageFixtures.CLASSES_SHAPE.dim(); // 768
  private static final double S = ImageFixtures.s();
  private static final double TOLERANCE = 5 * Math.sqrt(2.0 / DIM) + 0.003;

  @Test
  void aFixedClassSamplesThatClassesMeanAndSpread() {
    PixelMoments m = sample(new None.Params(), SampleConditions.fixed(2, 1));

    assertEquals(1, m.meanChiSquare(reached(ImageFixtures.classMean(1)), S), TOLERANCE);
    assertEquals(1, m.varianceRatio(S), 5 * Math.sqrt(2.0 / ((N - 1.0) * DIM)) + 0.003);
    double other = m.meanChiSquare(reached(ImageFixtures.classMean(0)), S);
    assertTrue(other > 100, "class 0's mean is far: mean z² " + other);
  }

  @Test
  void cfgAgainstTheNullConditionShiftsTheMeanByWTimesTheClassOffset() {
    double w = 2;
    PixelMoments m = sample(new Cfg.Params(null, w), SampleConditions.fixed(2, 0));

    // μ + w·δ_0 = m_∅ + w(m_0 − m_∅), with the data's spread s.
    double[] mu = ImageFixtures.mu();
    double[] shifted = ImageFixtures.classMean(0);
    for (int i = 0; i < DIM; i++) {
      shifted[i] = mu[i] + w * (shifted[i] - mu[i]);
    }
    assertEquals(1, m.meanChiSquare(reached(shifted), S), TOLERANCE);
    assertEquals(1, m.varianceRatio(S), 5 * Math.sqrt(2.0 / ((N - 1.0) * DIM)) + 0.003);
  }

  @Test
  void randomClassesGiveEachSampleItsOwnClassAndSplitTheClassesEvenly() {
    SampleConditions random = SampleConditions.random(2);
    double[] x;
    try (TorchScriptDenoiser main = load()) {
      x = sampler(new None.Params(), random, main).sample(5, 0, N);
    }

    int[] count = new int[2];
    for (int k = 0; k < N; k++) {
      count[random.classOf(5, k)]++;
    }
    // Binomial(1000, 1/2): SD √250 ≈ 15.8; 5 SD.
    assertEquals(N / 2.0, count[1], 5 * Math.sqrt(N / 4.0), "class 1 drawn " + count[1] + " times");
    for (int c = 0; c < 2; c++) {
      double[] ofClass = new double[count[c] * DIM];
      int filled = 0;
      for (int k = 0; k < N; k++) {
        if (random.classOf(5, k) == c) {
          System.arraycopy(x, k * DIM, ofClass, filled * DIM, DIM);
          filled++;
        }
      }
      PixelMoments m = new PixelMoments(ofClass, DIM);
      assertEquals(1, m.meanChiSquare(reached(ImageFixtures.classMean(c)), S), TOLERANCE);
    }
  }

  @Test
  void icgGuidesAwayFromAUniformlyRandomClass() {
    double w = 2;
    PixelMoments m =
        sample(new Icg.Params(ConditionNoise.RANDOM_CLASS, w), SampleConditions.fixed(2, 0));

    // Expected target w·m_0 + (1 − w)·(m_0 + m_1)/2; the draws add spread, so z uses each pixel's
    // sample standard deviation.
    double[] m0 = ImageFixtures.classMean(0);
    double[] m1 = ImageFixtures.classMean(1);
    double[] expected = new double[DIM];
    for (int i = 0; i < DIM; i++) {
      expected[i] = w * m0[i] + (1 - w) * (m0[i] + m1[i]) / 2;
    }
    assertEquals(1, m.meanChiSquare(reached(expected)), TOLERANCE);
    assertTrue(m.meanChiSquare(reached(m0)) > 100, "pushed away from class 0's own mean");
  }

  /**
   * CADS with τ1 = τ2 = 0 anneals at every step (γ = 0): the network sees {@code s·n} rescaled to
   * the one-hot's mean and std, which for two classes is the one-hot of the larger draw, a
   * uniformly random class per evaluation. The mean is then that of the two classes' means.
   */
  @Test
  void cadsFeedsTheNetworkAnnealedClassLabels() {
    PixelMoments m =
        sample(new Cads.Params(new None.Params(), 0, 0, 1, 1, true), SampleConditions.fixed(2, 1));

    double[] m0 = ImageFixtures.classMean(0);
    double[] m1 = ImageFixtures.classMean(1);
    double[] expected = new double[DIM];
    for (int i = 0; i < DIM; i++) {
      expected[i] = (m0[i] + m1[i]) / 2;
    }
    assertEquals(1, m.meanChiSquare(reached(expected)), TOLERANCE);
  }

  /**
   * A guide of the same network seeing each sample's own class gives {@code D_g = D_m}, so
   * autoguidance changes nothing; a guide given the null condition would shift the mean by δ_c.
   */
  @Test
  void autoguidanceGuideSeesEachSamplesClass() {
    SampleConditions random = SampleConditions.random(2);
    try (TorchScriptDenoiser main = load();
        TorchScriptDenoiser guide = load()) {
      CountingDenoiser counted = new CountingDenoiser(guide);
      double[] unguided = sampler(new None.Params(), random, main).sample(9, 0, 50);
      double[] guided =
          sampler(new Autoguidance.Params("guide", 2), random, main, counted).sample(9, 0, 50);

      assertArrayEquals(unguided, guided, 1e-9);
      assertTrue(counted.calls() > 0, "the guide was evaluated");
    }
  }

  /** {@code N} samples of seed 1 with {@code params}, the main network as its own guide. */
  private static PixelMoments sample(GuidanceParams params, SampleConditions conditions) {
    try (TorchScriptDenoiser main = load()) {
      return new PixelMoments(sampler(params, conditions, main).sample(1, 0, N), DIM);
    }
  }

  private static EdmSampler sampler(
      GuidanceParams params, SampleConditions conditions, Denoiser main) {
    return sampler(params, conditions, main, main);
  }

  private static EdmSampler sampler(
      GuidanceParams params, SampleConditions conditions, Denoiser main, Denoiser guide) {
    return new EdmSampler(SAMPLER, params.denoiser(main, id -> guide), null, conditions);
  }

  /** The mean the sampler reaches for target mean {@code m}: {@code m·(1 − s/√(s² + σ_max²))}. */
  private static double[] reached(double[] m) {
    double shrink = 1 - S / Math.sqrt(S * S + SAMPLER.sigmaMax() * SAMPLER.sigmaMax());
    double[] r = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      r[i] = m[i] * shrink;
    }
    return r;
  }

  private static TorchScriptDenoiser load() {
    return TorchScriptDenoiser.load(
        ImageFixtures.file(ImageFixtures.CLASSES), ImageFixtures.CLASSES_SHAPE);
  }
}
