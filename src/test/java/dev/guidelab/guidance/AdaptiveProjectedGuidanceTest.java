package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.sampling.ArrayBatch;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import org.junit.jupiter.api.Test;

/**
 * APG against hand-computed values. With {@code D_c = (3, 4)} (‖D_c‖ = 5) and {@code D_u = (1, 1)}:
 * {@code Δ = (2, 3)}, {@code v = (0.6, 0.8)}, {@code ⟨Δ, v⟩ = 3.6}, {@code Δ∥ = (2.16, 2.88)},
 * {@code Δ⊥ = (−0.16, 0.12)}.
 */
class AdaptiveProjectedGuidanceTest {

  private static final Denoiser COND = constant(3, 4);
  private static final Denoiser UNCOND = constant(1, 1);
  private static final double[] X = {0, 0};

  @Test
  void etaZeroKeepsOnlyTheOrthogonalPart() {
    // D = D_c + (w − 1)Δ⊥ = (3, 4) + 3(−0.16, 0.12).
    double[] d = apg(4, 0, 0, 0).denoise(X, 1, Evaluation.standalone(1, 0));

    assertArrayEquals(new double[] {2.52, 4.36}, d, 1e-12);
  }

  @Test
  void etaScalesTheParallelPart() {
    // D = D_c + (w − 1)(Δ⊥ + 0.5Δ∥) = (3, 4) + 1·((−0.16, 0.12) + (1.08, 1.44)).
    double[] d = apg(2, 0.5, 0, 0).denoise(X, 1, Evaluation.standalone(1, 0));

    assertArrayEquals(new double[] {3.92, 5.56}, d, 1e-12);
  }

  @Test
  void normThresholdRescalesTheUpdateToNormR() {
    // ‖Δ‖ = √13 > r = 1: Δ ← Δ/√13; with η = 1, D = D_c + (w − 1)Δ/√13.
    double[] d = apg(3, 1, 1, 0).denoise(X, 1, Evaluation.standalone(1, 0));
    double s = 2 / Math.sqrt(13);

    assertArrayEquals(new double[] {3 + 2 * s, 4 + 3 * s}, d, 1e-12);
  }

  @Test
  void normThresholdAboveTheNormChangesNothing() {
    assertArrayEquals(
        apg(3, 1, 0, 0).denoise(X, 1, Evaluation.standalone(1, 0)),
        apg(3, 1, 4, 0).denoise(X, 1, Evaluation.standalone(1, 0)),
        0);
  }

  @Test
  void momentumAccumulatesPerSamplingRunAndRestartsWithANewRun() {
    // β = −0.5, η = 1, w = 2: first m = Δ, then m = Δ − 0.5Δ = 0.5Δ.
    AdaptiveProjectedGuidance apg = apg(2, 1, 0, -0.5);
    Evaluation run = Evaluation.standalone(1, 0);

    assertArrayEquals(new double[] {5, 7}, apg.denoise(X, 1, run), 1e-12);
    assertArrayEquals(new double[] {4, 5.5}, apg.denoise(X, 1, run), 1e-12);
    assertArrayEquals(
        new double[] {5, 7}, apg.denoise(X, 1, Evaluation.standalone(1, 0)), 1e-12, "new run");
  }

  @Test
  void withEtaOneNoThresholdNoMomentumItEqualsCfg() {
    Denoiser main = TestNets.affine(0.7, -0.3);
    Denoiser guide = TestNets.affine(0.2, 0.9);
    double[] x = {1.5, -2, 0.25, 3, -4, 0.5};
    for (double w : new double[] {0, 0.5, 1, 2, 7.5}) {
      double[] cfg =
          new GuidedDenoiser(main, guide, w).denoise(x, 1.3, Evaluation.standalone(3, 1));
      double[] apg =
          new AdaptiveProjectedGuidance(main, guide, w, 1, 0, 0)
              .denoise(x, 1.3, Evaluation.standalone(3, 1));
      assertArrayEquals(cfg, apg, 1e-12, "w = " + w);
    }
  }

  @Test
  void normsArePerSample() {
    // Sample 0 as above; sample 1 scaled by 10 gives the same direction and 10× the update.
    Denoiser cond = constant(3, 4, 30, 40);
    Denoiser uncond = constant(1, 1, 10, 10);
    double[] d =
        new AdaptiveProjectedGuidance(cond, uncond, 4, 0, 0, 0)
            .denoise(new double[4], 1, Evaluation.standalone(2, 0));

    assertArrayEquals(new double[] {2.52, 4.36, 25.2, 43.6}, d, 1e-12);
  }

  @Test
  void weightOneSkipsTheGuide() {
    CountingDenoiser guide = new CountingDenoiser(UNCOND);
    double[] d =
        new AdaptiveProjectedGuidance(COND, guide, 1, 0, 15, -0.5)
            .denoise(X, 1, Evaluation.standalone(1, 0));

    assertArrayEquals(new double[] {3, 4}, d, 0);
    assertEquals(0, guide.calls());
  }

  private static AdaptiveProjectedGuidance apg(double w, double eta, double r, double beta) {
    return new AdaptiveProjectedGuidance(COND, UNCOND, w, eta, r, beta);
  }

  /** A denoiser returning {@code values} for a batch of {@code values.length/2} samples. */
  private static Denoiser constant(double... values) {
    return new Denoiser() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public Batch denoise(Batch xs, double sigma, Evaluation eval) {
        return ArrayBatch.of(values.clone(), xs.dim());
      }
    };
  }
}
