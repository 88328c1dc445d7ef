package dev.guidelab.toynet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PowerFunctionEmaTest {

  @Test
  void gammaOfTheSpecsWidthsMatchesEdm2() {
    // docs/sampling-and-guidance.md §4: 0.010 ↔ 96.995, 0.050 ↔ 16.972, 0.100 ↔ 6.937.
    assertEquals(96.995, PowerFunctionEma.gamma(0.010), 5e-4);
    assertEquals(16.972, PowerFunctionEma.gamma(0.050), 5e-4);
    assertEquals(6.937, PowerFunctionEma.gamma(0.100), 5e-4);
    for (double s : new double[] {0.001, 0.01, 0.05, 0.1, 0.2, 0.28}) {
      assertEquals(s, PowerFunctionEma.sigmaRel(PowerFunctionEma.gamma(s)), 1e-14);
    }
  }

  @Test
  void firstIterationTakesTheWeightsThenBetaGrowsTowardsOne() {
    double gamma = PowerFunctionEma.gamma(0.010);
    assertEquals(0, PowerFunctionEma.beta(0, gamma));
    assertEquals(Math.pow(1 - 1.0 / 4096, gamma + 1), PowerFunctionEma.beta(4095, gamma), 0);
  }

  @Test
  void widthsOutsideTheProfilesRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> PowerFunctionEma.gamma(0));
    assertThrows(IllegalArgumentException.class, () -> PowerFunctionEma.gamma(0.3));
  }
}
