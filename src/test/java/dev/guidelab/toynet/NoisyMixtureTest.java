package dev.guidelab.toynet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import org.junit.jupiter.api.Test;

class NoisyMixtureTest {

  @Test
  void drawsAreBitIdenticalToTheGroundTruthsDrawNoisy() {
    for (ToyClass c : ToyClass.values()) {
      GaussianMixture truth = ToyGroundTruth.get().mixture(c);
      NoisyMixture fast = new NoisyMixture(truth);
      double[] a = new double[2];
      double[] b = new double[2];
      for (int k = 0; k < 500; k++) {
        double sigma = Math.exp(-2.3 + 1.5 * SampleRandom.forSample(9, k).nextGaussian());
        truth.drawNoisy(SampleRandom.forSample(1, k), sigma, a, 0);
        fast.draw(SampleRandom.forSample(1, k), sigma, b, 0);
        assertArrayEquals(a, b, 0);
      }
    }
  }

  @Test
  void scoresMatchTheGroundTruthsIdealDenoiser() {
    for (ToyClass c : ToyClass.values()) {
      GaussianMixture truth = ToyGroundTruth.get().mixture(c);
      NoisyMixture fast = new NoisyMixture(truth);
      double[] scratch = new double[2 * fast.size];
      double[] s = new double[2];
      for (double sigma : new double[] {0.001, 0.01, 0.1, 1, 10}) {
        for (int k = 0; k < 200; k++) {
          double[] x = new double[2];
          truth.drawNoisy(SampleRandom.forSample(2, k), sigma, x, 0);
          if (k % 10 == 0) {
            x[0] += 3; // far from the data too
          }
          double[] d = truth.denoise(x, sigma);
          fast.score(x[0], x[1], sigma, s, 0, scratch);
          for (int i = 0; i < 2; i++) {
            // Score = (D* − x)/σ²; compare on the denoiser scale (both float64 log-sum-exp).
            assertEquals(d[i], x[i] + sigma * sigma * s[i], 1e-12 * (1 + Math.abs(x[i])));
          }
        }
      }
    }
  }

  @Test
  void conditionalBatchesDrawClassesByMassAndDropTheConditionOneTimeInTen() {
    ScoreBatch batch =
        new ScoreBatches(ToyClass.AB, true).draw(SampleRandom.forSample(4, 0), 20_000);
    int a = 0;
    int none = 0;
    for (int b = 0; b < batch.size(); b++) {
      double c0 = batch.condition()[2 * b];
      double c1 = batch.condition()[2 * b + 1];
      a += c0 == 1 ? 1 : 0;
      none += c0 == 0 && c1 == 0 ? 1 : 0;
    }
    // P(A) = 0.477025 of the kept 90 %; binomial std errors ≈ 0.0035 and 0.002, bands ≈ 4σ.
    assertEquals(0.1, none / 20_000.0, 0.008);
    assertEquals(0.477025, a / (20_000.0 - none), 0.015);
  }
}
