package dev.guidelab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.guidance.CountingDenoiser;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EdmSamplerTest {

  private static final double S = 0.5; // data std s

  /** Ideal denoiser of N(0, s²I): D(x;σ) = x·s²/(s² + σ²). */
  private static final Denoiser GAUSSIAN =
      new Denoiser() {
        @Override
        public int dim() {
          return 2;
        }

        @Override
        public Batch denoise(Batch xs, double sigma, Evaluation eval) {
          double[] x = ArrayBatch.values(xs);
          double[] d = new double[x.length];
          for (int c = 0; c < x.length; c++) {
            d[c] = x[c] * S * S / (S * S + sigma * sigma);
          }
          return ArrayBatch.of(d, xs.dim());
        }
      };

  private static SamplerSettings settings(
      int steps, double sigmaMin, int order, double churn, SamplerSettings.Start start) {
    return new SamplerSettings(steps, sigmaMin, 5, 7, order, churn, 0, 5, 1, start);
  }

  /**
   * |x_N − x(0)| for x_0 = (3, −2) at σ_max = 5; ODE solution x(σ) = x₀·√((s² + σ²)/(s² + σ₀²)).
   */
  private static double finalError(int steps, int order) {
    // σ_min = 1e-6: the last step σ_min → 0 then contributes only ~σ_min²/s² ≈ 4e-12.
    StartDistribution fixed =
        (rng, sigmaMax, out, offset) -> {
          out[offset] = 3;
          out[offset + 1] = -2;
        };
    EdmSampler sampler =
        new EdmSampler(
            settings(steps, 1e-6, order, 0, SamplerSettings.Start.DATA), GAUSSIAN, fixed);
    double[] x = sampler.sample(0, 0, 1);
    double shrink = S / Math.sqrt(S * S + 25);
    return Math.hypot(x[0] - 3 * shrink, x[1] + 2 * shrink);
  }

  private static double observedOrder(int steps, int order) {
    return Math.log(finalError(steps, order) / finalError(2 * steps, order)) / Math.log(2);
  }

  @Test
  void eulerErrorHalvesWhenStepsDouble() {
    // Asymptotically order 1; at N = 64 → 128 the measured order is within ±0.1 of it.
    assertEquals(1, observedOrder(64, 1), 0.1);
  }

  @Test
  void heunErrorQuartersWhenStepsDouble() {
    // Asymptotically order 2; at N = 32 → 64 the measured order is within ±0.2 of it.
    assertEquals(2, observedOrder(32, 2), 0.2);
    // Measured at N = 32: Euler 0.0242, Heun 0.00323 (7.5× smaller); require at least 5×.
    assertTrue(finalError(32, 2) < finalError(32, 1) / 5, "Heun should beat Euler by far");
  }

  @Test
  void heunEvaluates2NMinus1TimesAndEulerNTimes() {
    CountingDenoiser counted = new CountingDenoiser(GAUSSIAN);
    new EdmSampler(settings(32, 0.002, 2, 0, SamplerSettings.Start.NOISE), counted, null)
        .sample(1, 0, 7);
    assertEquals(63, counted.calls());
    assertEquals(63 * 7, counted.samples());
    CountingDenoiser euler = new CountingDenoiser(GAUSSIAN);
    new EdmSampler(settings(32, 0.002, 1, 0, SamplerSettings.Start.NOISE), euler, null)
        .sample(1, 0, 7);
    assertEquals(32, euler.calls());
  }

  @Test
  void noiseStartIsSigmaMaxTimesTheSamplesOwnGaussians() {
    // One step of Euler with t_1 = 0 lands on D(x₀; σ_max) = x₀·s²/(s² + 25), x₀ = 5·n.
    EdmSampler sampler =
        new EdmSampler(settings(1, 0.002, 1, 0, SamplerSettings.Start.NOISE), GAUSSIAN, null);
    double[] x = sampler.sample(42, 9, 1);
    var rng = SampleRandom.forSample(42, 9);
    double factor = 5 * S * S / (S * S + 25);
    // The sampler forms x + (0 − σ)(x − D)/σ, which rounds to within a few ulps of D: 1e-15
    // absolute.
    assertEquals(factor * rng.nextGaussian(), x[0], 1e-15 * (1 + Math.abs(x[0])) * 10);
    assertEquals(factor * rng.nextGaussian(), x[1], 1e-15 * (1 + Math.abs(x[1])) * 10);
  }

  @Test
  void churnedSamplesAreBatchIndependentAndDifferFromTheOde() {
    EdmSampler churned =
        new EdmSampler(settings(16, 0.002, 2, 40, SamplerSettings.Start.NOISE), GAUSSIAN, null);
    double[] whole = churned.sample(3, 0, 10);
    double[] split = new double[20];
    System.arraycopy(churned.sample(3, 0, 3), 0, split, 0, 6);
    System.arraycopy(churned.sample(3, 3, 7), 0, split, 6, 14);
    assertTrue(Arrays.equals(whole, split));
    EdmSampler ode =
        new EdmSampler(settings(16, 0.002, 2, 0, SamplerSettings.Start.NOISE), GAUSSIAN, null);
    assertFalse(Arrays.equals(whole, ode.sample(3, 0, 10)));
  }

  @Test
  void churnOutsideItsSigmaRangeDrawsNoNoise() {
    // S_min above σ_max: churn never applies, so the run equals the deterministic sampler's.
    SamplerSettings off =
        new SamplerSettings(16, 0.002, 5, 7, 2, 40, 6, 10, 1, SamplerSettings.Start.NOISE);
    double[] x = new EdmSampler(off, GAUSSIAN, null).sample(3, 0, 10);
    EdmSampler ode =
        new EdmSampler(settings(16, 0.002, 2, 0, SamplerSettings.Start.NOISE), GAUSSIAN, null);
    assertTrue(Arrays.equals(x, ode.sample(3, 0, 10)));
  }

  @Test
  void dataStartWithoutAGroundTruthFailsNamingTheOption() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new EdmSampler(
                    settings(8, 0.002, 2, 0, SamplerSettings.Start.DATA), GAUSSIAN, null));
    assertTrue(e.getMessage().contains("sampler.start"));
  }
}
