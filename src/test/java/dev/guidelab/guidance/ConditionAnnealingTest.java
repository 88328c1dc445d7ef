package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.Evaluation;
import dev.guidelab.sampling.SampleConditions;
import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.sampling.SamplerSettings;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ConditionAnnealingTest {

  private static final double[] X = {2, 4, -2, 0};

  @Test
  void gammaFollowsTheSchedule() {
    ConditionAnnealing cads =
        new ConditionAnnealing(new TestNets.Conditional(1), 0.6, 0.9, 0.25, 1, true);

    assertEquals(1, cads.gamma(0.3));
    assertEquals(1, cads.gamma(0.6));
    assertEquals(0.5, cads.gamma(0.75), 1e-15);
    assertEquals(0, cads.gamma(0.9));
    assertEquals(0, cads.gamma(1));
  }

  @Test
  void tauOneAtOneLeavesTheConditionUntouchedThroughAWholeRun() {
    SamplerSettings settings =
        new SamplerSettings(8, 0.002, 5, 7, 2, 0, 0, 5, 1, SamplerSettings.Start.NOISE);
    TestNets.Conditional annealed = new TestNets.Conditional(0.5);
    TestNets.Conditional plain = new TestNets.Conditional(0.5);
    SampleConditions a = SampleConditions.fixed(2, 1);

    double[] withCads =
        new EdmSampler(settings, new ConditionAnnealing(annealed, 1, 1, 0.25, 1, true), null, a)
            .sample(5, 0, 3);
    double[] without = new EdmSampler(settings, plain, null, a).sample(5, 0, 3);

    assertArrayEquals(without, withCads, 0);
    for (double[] c : annealed.conditions) {
      assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1}, c, 0);
    }
  }

  @Test
  void annealedConditionMixesConditionAndNoiseBySqrtGamma() {
    // Step 1 of 4: t = 0.75, γ = 0.5; ŷ = √0.5·y + s·√0.5·n without rescaling.
    TestNets.Conditional net = new TestNets.Conditional(0.5);
    Evaluation eval = new Evaluation(1, 4, rngs(2), new double[] {1, 0, 1, 0}, null);

    new ConditionAnnealing(net, 0.6, 0.9, 0.25, 1, false).denoise(X, 1, eval);

    double[] seen = net.conditions.get(0);
    double r = Math.sqrt(0.5);
    for (int j = 0; j < 2; j++) {
      RandomGenerator rng = SampleRandom.forSample(9, j);
      assertEquals(r * 1 + 0.25 * r * rng.nextGaussian(), seen[2 * j], 1e-15);
      assertEquals(r * 0 + 0.25 * r * rng.nextGaussian(), seen[2 * j + 1], 1e-15);
    }
  }

  @Test
  void rescalingWithPsiOneRestoresTheConditionsMeanAndStd() {
    // Step 0: t = 1 ≥ τ2, γ = 0, ŷ = s·n, rescaled to mean 0.5 and std 0.5 of (1, 0).
    TestNets.Conditional net = new TestNets.Conditional(0.5);
    Evaluation eval = new Evaluation(0, 4, rngs(2), new double[] {1, 0, 1, 0}, null);

    new ConditionAnnealing(net, 0.6, 0.9, 0.25, 1, true).denoise(X, 1, eval);

    double[] seen = net.conditions.get(0);
    for (int j = 0; j < 2; j++) {
      double mean = (seen[2 * j] + seen[2 * j + 1]) / 2;
      double std = Math.abs(seen[2 * j] - seen[2 * j + 1]) / 2;
      assertEquals(0.5, mean, 1e-12);
      assertEquals(0.5, std, 1e-12);
    }
  }

  @Test
  void psiZeroKeepsTheUnrescaledCondition() {
    TestNets.Conditional rescaled = new TestNets.Conditional(0.5);
    TestNets.Conditional raw = new TestNets.Conditional(0.5);
    double[] y = {1, 0, 0, 1};

    new ConditionAnnealing(rescaled, 0.6, 0.9, 0.25, 0, true)
        .denoise(X, 1, new Evaluation(1, 4, rngs(2), y, null));
    new ConditionAnnealing(raw, 0.6, 0.9, 0.25, 0, false)
        .denoise(X, 1, new Evaluation(1, 4, rngs(2), y, null));

    assertArrayEquals(raw.conditions.get(0), rescaled.conditions.get(0), 1e-15);
  }

  private static RandomGenerator[] rngs(int n) {
    RandomGenerator[] rngs = new RandomGenerator[n];
    for (int j = 0; j < n; j++) {
      rngs[j] = SampleRandom.forSample(9, j);
    }
    return rngs;
  }
}
