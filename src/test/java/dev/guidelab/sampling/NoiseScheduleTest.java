package dev.guidelab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

  private static SamplerSettings settings(int steps, double sigmaMin, double sigmaMax, double rho) {
    return new SamplerSettings(
        steps, sigmaMin, sigmaMax, rho, 2, 0, 0, sigmaMax, 1, SamplerSettings.Start.NOISE);
  }

  @Test
  void startsAtSigmaMaxEndsAtSigmaMinThenZero() {
    double[] t = NoiseSchedule.sigmas(SamplerSettings.defaults());
    assertEquals(33, t.length);
    // pow(pow(σ, 1/ρ), ρ) round-trips to within a few ulps.
    assertEquals(5, t[0], 1e-14);
    assertEquals(0.002, t[31], 1e-17);
    assertEquals(0, t[32], 0);
  }

  @Test
  void middleLevelMatchesTheFormulaByHand() {
    // N = 5, i = 2 is halfway: t_2 = ((80^{1/7} + 0.002^{1/7})/2)^7 = 2.51521897614715857…
    // (mpmath).
    double[] t = NoiseSchedule.sigmas(settings(5, 0.002, 80, 7));
    assertEquals(2.5152189761471586, t[2], 1e-14);
  }

  @Test
  void levelsDecreaseStrictly() {
    double[] t = NoiseSchedule.sigmas(settings(64, 0.002, 80, 7));
    for (int i = 0; i + 1 < t.length; i++) {
      assertTrue(t[i + 1] < t[i], "t_" + (i + 1) + " ≥ t_" + i);
    }
  }

  @Test
  void singleStepIsSigmaMaxThenZero() {
    double[] t = NoiseSchedule.sigmas(settings(1, 0.002, 5, 7));
    assertEquals(2, t.length);
    assertEquals(5, t[0], 1e-14);
    assertEquals(0, t[1], 0);
  }

  @Test
  void invalidSettingsNameTheOption() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> NoiseSchedule.sigmas(settings(0, 0.002, 5, 7)));
    assertTrue(e.getMessage().contains("steps"));
  }
}
