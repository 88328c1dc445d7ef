package dev.guidelab.toynet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.toy.ToyClass;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PostHocEmaTest {

  private static final ToyNetConfig NET = ToyNetConfig.of(8);

  /** A network with random weights standing for the EMA snapshot {@code (iteration, σ_rel)}. */
  private static ToyNetwork snapshot(long iteration, double sigmaRel, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] w = new float[NET.linearCount()][];
    for (int l = 0; l < w.length; l++) {
      w[l] = new float[NET.hidden() * NET.fanIn(l)];
      for (int j = 0; j < w[l].length; j++) {
        w[l][j] = (float) rng.nextGaussian();
      }
    }
    return ToyNetwork.of(
        NET,
        w,
        (float) rng.nextGaussian(),
        new ToyNetInfo(ToyClass.A, iteration, sigmaRel, 3, 64, Double.NaN));
  }

  @Test
  void aTargetEqualToAStoredProfileReproducesThatSnapshot() {
    List<ToyNetwork> snapshots = new ArrayList<>();
    for (int it = 128; it <= 512; it += 128) {
      snapshots.add(snapshot(it, 0.05, it));
      snapshots.add(snapshot(it, 0.10, it + 1));
    }
    int target = 5; // iteration 384, σ_rel 0.10
    PostHocEma.Reconstruction r = PostHocEma.reconstruct(snapshots, 384, 0.10);
    for (int i = 0; i < snapshots.size(); i++) {
      assertEquals(i == target ? 1 : 0, r.coefficients()[i], 1e-9, "coefficient " + i);
    }
    ToyNetwork expected = snapshots.get(target);
    for (int l = 0; l < NET.linearCount(); l++) {
      float[] e = expected.weights(l);
      float[] a = r.network().weights(l);
      for (int j = 0; j < e.length; j++) {
        assertEquals(e[j], a[j], 2 * Math.ulp(e[j]), "layer " + l + " weight " + j);
      }
    }
    assertEquals(expected.gain(), r.network().gain(), 2 * Math.ulp(expected.gain()));
    assertEquals(384, r.network().info().iteration());
    assertEquals(0.10, r.network().info().emaSigmaRel());
  }

  @Test
  void snapshotsAfterTheTargetTimeAreNotUsed() {
    List<PostHocEma.Profile> profiles =
        List.of(
            new PostHocEma.Profile(100, 0.05),
            new PostHocEma.Profile(200, 0.05),
            new PostHocEma.Profile(100, 0.10));
    double[] x = PostHocEma.coefficients(profiles, new PostHocEma.Profile(100, 0.07));
    assertEquals(0, x[1]);
    assertThrows(
        IllegalArgumentException.class,
        () -> PostHocEma.coefficients(profiles, new PostHocEma.Profile(50, 0.07)));
  }

  /**
   * Two EMAs tracked step by step (σ_rel 0.05 and 0.10, snapshots every 128 of 4096 iterations)
   * reconstruct a third one tracked directly (σ_rel 0.07 at 4096). The discrete tracking averages
   * the step-wise constant θ with exactly the continuous profiles (see {@link PostHocEma}), so the
   * error is {@code ∫ r(τ) θ(τ) dτ} with the profile residual {@code r = Σ x_i p_i − p_target},
   * bounded by Cauchy–Schwarz: {@code |error| ≤ ‖r‖ ‖θ‖}, {@code ‖r‖² = xᵀAx − 2xᵀb + ⟨p, p⟩}. The
   * bound (plus double rounding) is the tolerance; it is also asserted small.
   */
  @Test
  void snapshotsOfTwoTrackedEmasReconstructAThirdTrackedEma() {
    int iterations = 4096;
    int every = 128;
    double[] sigmas = {0.05, 0.10};
    double sigmaTarget = 0.07;
    int dims = 3;
    double[][] ema = new double[sigmas.length][dims];
    double[] direct = new double[dims];
    double thetaSquared = 0; // ‖θ‖² = Σ_τ θ_τ² (θ step-wise constant, unit steps)
    List<PostHocEma.Profile> profiles = new ArrayList<>();
    List<double[]> stored = new ArrayList<>();
    SplittableRandom noise = new SplittableRandom(11);
    for (int it = 0; it < iterations; it++) {
      double tau = it + 1;
      // A drifting "training trajectory" with per-step noise, like SGD's.
      double[] theta = {
        Math.exp(-tau / 800) + 0.05 * noise.nextGaussian(),
        Math.sin(tau / 500) + 0.05 * noise.nextGaussian(),
        1 / Math.sqrt(tau) + 0.05 * noise.nextGaussian()
      };
      for (double v : theta) {
        thetaSquared += v * v;
      }
      for (int k = 0; k < sigmas.length; k++) {
        double beta = PowerFunctionEma.beta(it, PowerFunctionEma.gamma(sigmas[k]));
        for (int d = 0; d < dims; d++) {
          ema[k][d] = beta * ema[k][d] + (1 - beta) * theta[d];
        }
      }
      double beta = PowerFunctionEma.beta(it, PowerFunctionEma.gamma(sigmaTarget));
      for (int d = 0; d < dims; d++) {
        direct[d] = beta * direct[d] + (1 - beta) * theta[d];
      }
      if ((it + 1) % every == 0) {
        for (int k = 0; k < sigmas.length; k++) {
          profiles.add(new PostHocEma.Profile(it + 1, sigmas[k]));
          stored.add(ema[k].clone());
        }
      }
    }
    PostHocEma.Profile target = new PostHocEma.Profile(iterations, sigmaTarget);
    double[] x = PostHocEma.coefficients(profiles, target);
    double[] reconstructed = new double[dims];
    for (int i = 0; i < x.length; i++) {
      for (int d = 0; d < dims; d++) {
        reconstructed[d] += x[i] * stored.get(i)[d];
      }
    }
    double residual = Math.sqrt(Math.max(0, residualSquared(profiles, x, target)));
    double bound = residual * Math.sqrt(thetaSquared) + 1e-9;
    double error = 0;
    for (int d = 0; d < dims; d++) {
      error = Math.max(error, Math.abs(direct[d] - reconstructed[d]));
    }
    System.out.printf(
        "post-hoc σ_rel 0.07 from %d snapshots: ‖r‖ = %.3g, error %.3g ≤ bound %.3g, max |x| %.3g%n",
        x.length, residual, error, bound, maxAbs(x));
    // θ is of order 1: the bound must be well below that (measured: 2e-3, the error 5e-6).
    assertTrue(bound < 5e-3, "the profiles must be reconstructible: bound " + bound);
    for (int d = 0; d < dims; d++) {
      assertEquals(direct[d], reconstructed[d], bound, "component " + d);
    }
  }

  /**
   * A 3×3 case against an independent oracle: inner products by composite Simpson quadrature of the
   * profiles themselves (not the closed form), the system solved by Cramer's rule.
   */
  @Test
  void coefficientsAgreeWithQuadratureAndCramer() {
    List<PostHocEma.Profile> profiles =
        List.of(
            new PostHocEma.Profile(600, 0.05),
            new PostHocEma.Profile(1000, 0.05),
            new PostHocEma.Profile(1000, 0.10));
    PostHocEma.Profile target = new PostHocEma.Profile(1000, 0.08);
    double[][] a = new double[3][3];
    double[] b = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        a[i][j] = simpson(profiles.get(i), profiles.get(j));
      }
      b[i] = simpson(profiles.get(i), target);
    }
    double det = det(a);
    double[] expected = new double[3];
    for (int k = 0; k < 3; k++) {
      double[][] ak = new double[3][];
      for (int i = 0; i < 3; i++) {
        ak[i] = a[i].clone();
        ak[i][k] = b[i];
      }
      expected[k] = det(ak) / det;
    }
    double sum = expected[0] + expected[1] + expected[2];
    for (int k = 0; k < 3; k++) {
      expected[k] /= sum;
    }
    double[] actual = PostHocEma.coefficients(profiles, target);
    for (int k = 0; k < 3; k++) {
      assertEquals(expected[k], actual[k], 1e-6 * Math.abs(expected[k]), "x_" + k);
    }
    assertArrayEquals(actual, PostHocEma.coefficients(profiles, target), "deterministic");
  }

  private static double profile(PostHocEma.Profile p, double tau) {
    double gamma = PowerFunctionEma.gamma(p.sigmaRel());
    return tau > p.t() ? 0 : (gamma + 1) * Math.pow(tau / p.t(), gamma) / p.t();
  }

  /** {@code ∫_0^min p_a p_b} by composite Simpson's rule on 20 000 intervals. */
  private static double simpson(PostHocEma.Profile pa, PostHocEma.Profile pb) {
    double m = Math.min(pa.t(), pb.t());
    int n = 20_000;
    double h = m / n;
    double sum = 0;
    for (int k = 0; k <= n; k++) {
      double tau = k * h;
      double weight = k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2;
      sum += weight * profile(pa, tau) * profile(pb, tau);
    }
    return sum * h / 3;
  }

  private static double det(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }

  /** {@code ‖Σ x_i p_i − p‖² = xᵀAx − 2xᵀb + ⟨p, p⟩} in closed form. */
  private static double residualSquared(
      List<PostHocEma.Profile> profiles, double[] x, PostHocEma.Profile target) {
    double sum = inner(target, target);
    for (int i = 0; i < x.length; i++) {
      sum -= 2 * x[i] * inner(profiles.get(i), target);
      for (int j = 0; j < x.length; j++) {
        sum += x[i] * x[j] * inner(profiles.get(i), profiles.get(j));
      }
    }
    return sum;
  }

  private static double inner(PostHocEma.Profile a, PostHocEma.Profile b) {
    return PostHocEma.innerProduct(
        a.t(), PowerFunctionEma.gamma(a.sigmaRel()), b.t(), PowerFunctionEma.gamma(b.sigmaRel()));
  }

  private static double maxAbs(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
