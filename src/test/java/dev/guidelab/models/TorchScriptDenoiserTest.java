package dev.guidelab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.djl.DjlEngine;
import dev.guidelab.guidance.CountingDenoiser;
import dev.guidelab.guidance.methods.Apg;
import dev.guidelab.guidance.methods.Autoguidance;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.Evaluation;
import dev.guidelab.sampling.SamplerSettings;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * TorchScript image denoisers through DJL against PyTorch's outputs and against the analytic
 * oracle: sampling the exact denoiser of {@code N(μ, s²I)} must give mean μ and variance s².
 */
class TorchScriptDenoiserTest {

  /** EDM's image schedule (docs/sampling-and-guidance.md §1): Heun, 32 steps, σ ∈ [0.002, 80]. */
  private static final SamplerSettings IMAGE_SAMPLER =
      new SamplerSettings(32, 0.002, 80, 7, 2, 0, 0, 80, 1, SamplerSettings.Start.NOISE);

  /**
   * The same with 128 steps. The sampler is linear in {@code x − μ} for this denoiser, so its
   * output variance is {@code s²·(1 + ε)}; the scalar Heun recurrence gives ε = 4.5 % at 32 steps,
   * 1.0 % at 64 and 0.23 % at 128 for s = 0.15 (EDM's schedule is tuned for s = 0.5 data).
   */
  private static final SamplerSettings FINE_SAMPLER =
      new SamplerSettings(128, 0.002, 80, 7, 2, 0, 0, 80, 1, SamplerSettings.Start.NOISE);

  private static final int N = 1000;
  private static final int DIM = ImageFixtures.SHAPE.dim(); // 768

  /** linspace(−2, 2, 1536): the probe input of the fixture script, two images. */
  private static double[] probeInput() {
    double[] x = new double[2 * DIM];
    for (int i = 0; i < x.length; i++) {
      x[i] = -2 + 4.0 * i / (x.length - 1);
    }
    return x;
  }

  @Test
  void denoiserGivesPyTorchsOutputPerSampleNoiseLevelAside() {
    double[] x = probeInput();
    double[] sigma = ImageFixtures.doubles(ImageFixtures.doc().at("/probe/sigma"));
    double[] expected = ImageFixtures.doubles(ImageFixtures.doc().at("/probe/exact"));
    try (TorchScriptDenoiser d =
        TorchScriptDenoiser.load(ImageFixtures.file(ImageFixtures.EXACT), ImageFixtures.SHAPE)) {
      // The fixture evaluated the two images at different σ; Guidelab shares σ in a batch.
      for (int i = 0; i < 2; i++) {
        double[] xi = Arrays.copyOfRange(x, i * DIM, (i + 1) * DIM);
        double[] got = d.denoise(xi, sigma[i], Evaluation.standalone(1, 0));
        double[] want = Arrays.copyOfRange(expected, i * DIM, (i + 1) * DIM);
        assertArrayEquals(want, got, 1e-6, "float32 output of image " + i);
      }
    }
  }

  @Test
  void classLabelsAreTheOneHotConditionAndZerosTheNullCondition() {
    double[] x = probeInput();
    double[] sigma = ImageFixtures.doubles(ImageFixtures.doc().at("/probe/sigma"));
    double[] labels = ImageFixtures.doubles(ImageFixtures.doc().at("/probe/labels"));
    double[] expected = ImageFixtures.doubles(ImageFixtures.doc().at("/probe/classes"));
    try (TorchScriptDenoiser d =
        TorchScriptDenoiser.load(
            ImageFixtures.file(ImageFixtures.CLASSES), ImageFixtures.CLASSES_SHAPE)) {
      assertEquals(2, d.conditionDim());
      for (int i = 0; i < 2; i++) {
        double[] xi = Arrays.copyOfRange(x, i * DIM, (i + 1) * DIM);
        double[] yi = Arrays.copyOfRange(labels, 2 * i, 2 * i + 2);
        Evaluation eval = Evaluation.standalone(1, 0).withCondition(yi);
        double[] want = Arrays.copyOfRange(expected, i * DIM, (i + 1) * DIM);
        assertArrayEquals(want, d.denoise(xi, sigma[i], eval), 1e-6, "image " + i);
      }
      // No condition at all is the null condition (all zeros), image 1 of the probe.
      double[] x1 = Arrays.copyOfRange(x, DIM, 2 * DIM);
      double[] want = Arrays.copyOfRange(expected, DIM, 2 * DIM);
      assertArrayEquals(want, d.denoise(x1, sigma[1], Evaluation.standalone(1, 0)), 1e-6);
    }
  }

  /**
   * Oracle: x ~ N(μ, s²I), so the per-pixel sample means are N(μ, s²/N) and the pooled variance
   * ratio v = mean over pixels of var̂/s² has SE √(2/((N−1)·768)) ≈ 0.0016. The tolerances are 5 SE
   * (χ² of the mean z-scores: 1 ± 5·√(2/768)) plus, for v, a margin of 0.005 for the sampler's
   * discretisation (Heun, 32 steps: its error on this linear ODE is ~1e-4, EdmSamplerTest).
   */
  @Test
  void exactDenoiserSamplesHaveTheDataMeanAndVariance() {
    PixelMoments m = sample(ImageFixtures.EXACT);
    double[] mu = ImageFixtures.mu();
    double s = ImageFixtures.s();
    assertEquals(1, m.meanChiSquare(mu, s), 5 * Math.sqrt(2.0 / DIM), "mean z² of pixel means");
    assertTrue(m.maxAbsZ(mu, s) < 5.5, "largest pixel-mean z-score " + m.maxAbsZ(mu, s));
    assertEquals(1, m.varianceRatio(s), 5 * Math.sqrt(2.0 / ((N - 1.0) * DIM)) + 0.003);
  }

  @Test
  void wrongDenoiserFailsTheSameOracle() {
    PixelMoments m = sample(ImageFixtures.BAD);
    double s = ImageFixtures.s();
    double sBad = ImageFixtures.doc().get("sBad").asDouble();
    // Its data has s = 0.25 and μ + 0.1: variance ratio (0.25/0.15)² ≈ 2.78 (+0.2 % from the
    // sampler), means off by 0.1.
    assertEquals(sBad * sBad / (s * s), m.varianceRatio(s), 0.05);
    double chi2 = m.meanChiSquare(ImageFixtures.mu(), s);
    assertTrue(chi2 > 100, "mean z² " + chi2);
  }

  @Test
  void autoguidanceWithASecondTorchScriptModelSkipsTheGuideAtWeightOneAndPushesAwayFromIt() {
    double[] mu = ImageFixtures.mu();
    try (TorchScriptDenoiser main = load(ImageFixtures.EXACT);
        TorchScriptDenoiser bad = load(ImageFixtures.BAD)) {
      double[] unguided = new EdmSampler(IMAGE_SAMPLER, main, null).sample(3, 0, 50);
      CountingDenoiser guide = new CountingDenoiser(bad);
      Denoiser w1 = new Autoguidance.Params("bad", 1).denoiser(main, id -> guide);
      assertArrayEquals(unguided, new EdmSampler(IMAGE_SAMPLER, w1, null).sample(3, 0, 50), 0);
      assertEquals(0, guide.calls(), "w = 1 never evaluates the guide");

      Denoiser w2 = new Autoguidance.Params("bad", 2).denoiser(main, id -> guide);
      double[] guided = new EdmSampler(IMAGE_SAMPLER, w2, null).sample(3, 0, 50);
      assertTrue(guide.calls() > 0);
      // The guide's data sit at μ + 0.1, so D_m − D_g points down: the mean drops below μ.
      double shift = 0;
      for (int i = 0; i < guided.length; i++) {
        shift += guided[i] - mu[i % DIM];
      }
      shift /= guided.length;
      assertTrue(shift < -0.01, "mean shift " + shift);
    }
  }

  /**
   * A call split into calls of two samples (as after running out of device memory) gives the whole
   * call's numbers bit for bit, labels included: each image is denoised on its own.
   */
  @Test
  void aCallSplitInSmallerCallsGivesTheWholeCallsNumbers() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 5;
    double[] x = new double[n * DIM];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * rng.nextDouble() - 1;
    }
    double[] labels = new double[2 * n];
    for (int i = 0; i < n; i++) {
      labels[2 * i + (i % 2)] = 1;
    }
    Evaluation eval = Evaluation.standalone(n, 0).withCondition(labels);
    byte[] file = ImageFixtures.file(ImageFixtures.CLASSES);
    try (TorchScriptDenoiser whole = TorchScriptDenoiser.load(file, ImageFixtures.CLASSES_SHAPE);
        TorchScriptDenoiser split =
            TorchScriptDenoiser.load(file, ImageFixtures.CLASSES_SHAPE, 2)) {
      double[] expected = whole.denoise(x, 0.7, eval);
      assertArrayEquals(expected, split.denoise(x, 0.7, eval), 0);
      // The labels follow their images: another order of classes gives other numbers.
      double[] swapped = new double[2 * n];
      for (int i = 0; i < n; i++) {
        swapped[2 * i + 1 - (i % 2)] = 1;
      }
      assertFalse(
          Arrays.equals(
              expected, split.denoise(x, 0.7, Evaluation.standalone(n, 0).withCondition(swapped))));
    }
  }

  @Test
  void callsLeaveNoNativeArraysBehind() {
    try (TorchScriptDenoiser d = load(ImageFixtures.EXACT)) {
      double[] x = probeInput();
      d.denoise(x, 1, Evaluation.standalone(2, 0));
      int live = d.liveArrays();
      for (int i = 0; i < 200; i++) {
        d.denoise(x, 1 + i, Evaluation.standalone(2, 0));
      }
      assertEquals(live, d.liveArrays());
    }
  }

  @Test
  void aSampledGuidedBatchLeavesNoNativeArraysBehind() {
    byte[] file = ImageFixtures.file(ImageFixtures.EXACT);
    SamplerSettings churned =
        new SamplerSettings(4, 0.002, 80, 7, 2, 10, 0.05, 50, 1.003, SamplerSettings.Start.NOISE);
    try (TorchScriptDenoiser main = TorchScriptDenoiser.load(file, ImageFixtures.SHAPE, 3);
        TorchScriptDenoiser guide = TorchScriptDenoiser.load(file, ImageFixtures.SHAPE)) {
      Denoiser apg = new Apg.Params("G", 0.5, 1, -0.5, 2).denoiser(main, id -> guide);
      new EdmSampler(churned, apg, null).sample(1, 0, 5);
      int live = main.liveArrays();
      new EdmSampler(churned, apg, null).sample(1, 5, 5);
      assertEquals(live, main.liveArrays());
    }
  }

  /** Live NDArrays under the engine's base manager, where device batches live. */
  static int engineArrays() {
    return DjlEngine.manager().getManagedArrays().size();
  }

  @Test
  void timeStepGuidanceIsRefusedByName() {
    try (TorchScriptDenoiser d = load(ImageFixtures.EXACT)) {
      Evaluation shifted = Evaluation.standalone(2, 0).withNoiseShift(new double[2]);
      var e =
          assertThrows(IllegalArgumentException.class, () -> d.denoise(probeInput(), 1, shifted));
      assertTrue(e.getMessage().contains("time-step guidance"), e.getMessage());
    }
  }

  private static TorchScriptDenoiser load(String name) {
    return TorchScriptDenoiser.load(ImageFixtures.file(name), ImageFixtures.SHAPE);
  }

  private static PixelMoments sample(String name) {
    try (TorchScriptDenoiser d = load(name)) {
      return new PixelMoments(new EdmSampler(FINE_SAMPLER, d, null).sample(1, 0, N), DIM);
    }
  }
}
