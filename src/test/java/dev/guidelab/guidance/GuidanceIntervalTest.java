package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.guidance.methods.Cfg;
import dev.guidelab.guidance.methods.Interval;
import dev.guidelab.guidance.methods.None;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SamplerSettings;
import org.junit.jupiter.api.Test;

/** The guidance interval, run through the EDM sampler (32 Heun steps, σ_max = 80). */
class GuidanceIntervalTest {

  private static final SamplerSettings HEUN_32 =
      new SamplerSettings(32, 0.002, 80, 7, 2, 0, 0, 80, 1, SamplerSettings.Start.NOISE);

  private final CountingDenoiser main = new CountingDenoiser(TestNets.affine(0.5, 0));
  private final CountingDenoiser guide = new CountingDenoiser(TestNets.affine(0.25, 0.1));

  private double[] run(Interval.Params params) {
    Denoiser guided = params.denoiser(main, id -> guide);
    return new EdmSampler(HEUN_32, guided, null).sample(3, 0, 4);
  }

  @Test
  void anEmptyIntervalEqualsNoGuidanceAndNeverEvaluatesTheGuide() {
    double[] none =
        new EdmSampler(HEUN_32, new None.Params().denoiser(main, id -> guide), null)
            .sample(3, 0, 4);

    double[] outside = run(Interval.Params.bySigma(new Cfg.Params("g", 2), 100, 200));

    assertArrayEquals(none, outside, 0);
    assertEquals(0, guide.calls());
  }

  @Test
  void stepKeyedIntervalGuidesBothEvaluationsOfStepsFromThroughTo() {
    // EDM2-XXL's FID setting: steps 17..22 of 32, two Heun evaluations each.
    run(Interval.Params.bySteps(new Cfg.Params("g", 2), 17, 22));

    assertEquals(12, guide.calls());
    assertEquals(63, main.calls());
  }

  @Test
  void sigmaKeyedIntervalGuidesEvaluationsWithSigmaLoBelowSigmaUpToSigmaHi() {
    double lo = 0.28;
    double hi = 1.61;
    double[] t = new EdmSampler(HEUN_32, main, null).sigmas();
    int inside = 0;
    for (int i = 0; i < 32; i++) {
      inside += lo < t[i] && t[i] <= hi ? 1 : 0; // Euler evaluation at t_i
      inside += i < 31 && lo < t[i + 1] && t[i + 1] <= hi ? 1 : 0; // Heun correction at t_{i+1}
    }

    run(Interval.Params.bySigma(new Cfg.Params("g", 2), lo, hi));

    assertEquals(inside, guide.calls());
    assertEquals(12, inside, "σ in (0.28, 1.61] covers 6 steps' worth of evaluations here");
  }

  @Test
  void insideTheIntervalItIsTheInnerMethod() {
    double[] cfg =
        new EdmSampler(HEUN_32, new Cfg.Params("g", 2).denoiser(main, id -> guide), null)
            .sample(3, 0, 4);

    assertArrayEquals(cfg, run(Interval.Params.bySigma(new Cfg.Params("g", 2), 0.001, 1000)), 0);
  }
}
