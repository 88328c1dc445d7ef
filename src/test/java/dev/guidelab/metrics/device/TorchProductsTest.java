package dev.guidelab.metrics.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.metrics.MatrixProducts;
import dev.guidelab.metrics.MetricProducts;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each product of {@link TorchProducts} (libtorch CPU here; no GPU is available to the tests)
 * equals BLAS's within the rounding of two summation orders, on sizes that fit no tile: 0 and 1
 * rows, odd sizes, outputs longer than the result, and SubsetSums' and KernelSums' offsets into the
 * membership matrix and the sums. An entry that sums {@code n} products may differ by {@code
 * n·ε·Σ|terms|} (each side is within {@code γ_n ≈ n·u} of exact, Higham §3.1; {@code ε = 2u});
 * entries outside the result must be untouched. Nothing stays in the manager.
 */
class TorchProductsTest {

  private static final MatrixProducts BLAS = MetricProducts.blas();
  private static final double UNTOUCHED = -7.25;

  private static NDManager base;
  private static TorchProducts torch;

  @BeforeAll
  static void start() {
    DjlEngine.manager(); // loads the engine with Guidelab's defaults
    base = NDManager.newBaseManager(Device.cpu(), DjlEngine.ENGINE);
    torch = new TorchProducts(base);
  }

  @AfterAll
  static void stop() {
    assertTrue(base.getManagedArrays().isEmpty(), "arrays left: " + base.getManagedArrays());
    base.close();
  }

  private static final int[][] BLOCKS = { // {na, nb, dim}
    {0, 3, 5}, {3, 0, 5}, {1, 1, 1}, {1, 7, 33}, {37, 65, 129}, {130, 3, 2}, {65, 65, 64}
  };

  @Test
  void innerProductsAndGramEqualBlas() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int[] s : BLOCKS) {
      int na = s[0];
      int nb = s[1];
      int dim = s[2];
      double[] a = random(rng, na * dim + 3); // longer than the block, as packed tiles are
      double[] b = random(rng, nb * dim + 2);
      double[] bound = new double[na * nb];
      for (int i = 0; i < na; i++) {
        for (int j = 0; j < nb; j++) {
          for (int k = 0; k < dim; k++) {
            bound[i + j * na] += Math.abs(a[i * dim + k] * b[j * dim + k]);
          }
        }
      }
      String what = na + "×" + nb + "×" + dim;
      int before = base.getManagedArrays().size();
      double[] want = filled(na * nb + 4);
      double[] got = filled(na * nb + 4);
      if (na > 0) { // BLAS refuses a leading dimension of 0; libtorch's products write nothing
        BLAS.innerProducts(a, na, b, nb, dim, want);
      }
      torch.innerProducts(a, na, b, nb, dim, got);
      assertClose(want, got, bound, dim, "inner products " + what);

      double[] gramBound = new double[na * na];
      for (int i = 0; i < na; i++) {
        for (int j = 0; j < na; j++) {
          for (int k = 0; k < dim; k++) {
            gramBound[i + j * na] += Math.abs(a[i * dim + k] * a[j * dim + k]);
          }
        }
      }
      double[] gramWant = filled(na * na + 4);
      double[] gramGot = filled(na * na + 4);
      if (na > 0) {
        BLAS.gram(a, na, dim, gramWant);
      }
      torch.gram(a, na, dim, gramGot);
      assertClose(gramWant, gramGot, gramBound, dim, "gram " + what); // below the diagonal: as was
      assertEquals(before, base.getManagedArrays().size(), what);
    }
  }

  @Test
  void outerProductsAddLikeBlas() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int[] s : new int[][] {{0, 5}, {1, 1}, {1, 9}, {64, 33}, {63, 130}}) {
      int k = s[0];
      int dim = s[1];
      double[] y = random(rng, k * dim + 1);
      double[] q0 = random(rng, dim * dim); // earlier sums, below the diagonal too
      double[] bound = new double[dim * dim];
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          bound[a * dim + b] = Math.abs(q0[a * dim + b]);
          for (int i = 0; i < k; i++) {
            bound[a * dim + b] += Math.abs(y[i * dim + a] * y[i * dim + b]);
          }
        }
      }
      double[] want = q0.clone();
      double[] got = q0.clone();
      BLAS.addOuterProducts(y, k, dim, want);
      torch.addOuterProducts(y, k, dim, got);
      assertClose(want, got, bound, k + 1, "rank-" + k + " update, d = " + dim);
    }
  }

  @Test
  void squareProductsEqualBlas() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int d : new int[] {0, 1, 2, 17, 100}) {
      double[] a = random(rng, d * d);
      double[] b = random(rng, d * d);
      double[] bound = new double[d * d];
      double[] boundT = new double[d * d];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          for (int k = 0; k < d; k++) {
            bound[i + j * d] += Math.abs(a[i + k * d] * b[k + j * d]);
            boundT[i + j * d] += Math.abs(a[i + k * d] * b[j + k * d]);
          }
        }
      }
      assertClose(BLAS.multiply(a, b, d), torch.multiply(a, b, d), bound, d, "A·B, d = " + d);
      assertClose(
          BLAS.multiplyTransposed(a, b, d),
          torch.multiplyTransposed(a, b, d),
          boundT,
          d,
          "A·Bᵀ, d = " + d);
    }
  }

  @Test
  void kernelByMembershipEqualsBlasAtOffsets() {
    SplittableRandom rng = new SplittableRandom(4);
    // {km, kn, rows, r0, subsets}: a first tile, a last partial one, single rows and subsets.
    for (int[] s :
        new int[][] {
          {5, 7, 20, 0, 3}, {9, 11, 40, 29, 4}, {1, 1, 3, 2, 1}, {31, 64, 200, 136, 7}
        }) {
      int km = s[0];
      int kn = s[1];
      int rows = s[2];
      int r0 = s[3];
      int subsets = s[4];
      double[] k = random(rng, km * kn);
      double[] m = new double[rows * subsets];
      for (int i = 0; i < m.length; i++) {
        m[i] = rng.nextInt(3) == 0 ? 1 : 0;
      }
      double[] bound = new double[km * subsets]; // column-major km × subsets
      for (int i = 0; i < km; i++) {
        for (int sub = 0; sub < subsets; sub++) {
          for (int r = 0; r < kn; r++) {
            bound[i + sub * km] += Math.abs(k[i + r * km] * m[r0 + r + sub * rows]);
          }
        }
      }
      String what = km + "×" + kn + " at row " + r0 + " of " + rows + ", " + subsets + " subsets";
      double[] want = filled(km * subsets + 2);
      double[] got = filled(km * subsets + 2);
      BLAS.kernelByMembership(k, km, kn, m, rows, r0, subsets, want);
      torch.kernelByMembership(k, km, kn, m, rows, r0, subsets, got);
      assertClose(want, got, bound, kn, "into subsets " + what);

      // Added by row at an offset, into earlier sums.
      int offset = 3 * subsets;
      double[] sums = random(rng, offset + km * subsets + 5);
      double[] rowBound = new double[sums.length];
      for (int i = 0; i < km; i++) {
        for (int sub = 0; sub < subsets; sub++) {
          int e = offset + i * subsets + sub;
          rowBound[e] = Math.abs(sums[e]) + bound[i + sub * km];
        }
      }
      double[] addWant = sums.clone();
      double[] addGot = sums.clone();
      BLAS.addKernelByMembership(k, km, kn, m, rows, r0, subsets, addWant, offset);
      torch.addKernelByMembership(k, km, kn, m, rows, r0, subsets, addGot, offset);
      assertClose(addWant, addGot, rowBound, kn + 1, "added by row " + what);
    }
  }

  @Test
  void theCpuKeepsBlas() {
    assertSame(MetricProducts.blas(), MetricDevice.productsFor(Device.cpu()));
    assertEquals("libtorch float64 on cpu", torch.describe());
  }

  /** Entry by entry within {@code n·ε·bound}; where the bound is 0, equal (untouched or exact). */
  private static void assertClose(double[] want, double[] got, double[] bound, int n, String what) {
    assertEquals(want.length, got.length, what);
    for (int e = 0; e < want.length; e++) {
      double b = e < bound.length ? bound[e] : 0;
      assertEquals(want[e], got[e], Math.max(1, n) * Math.ulp(1.0) * b, what + " at " + e);
    }
  }

  private static double[] random(SplittableRandom rng, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return x;
  }

  private static double[] filled(int n) {
    double[] x = new double[n];
    java.util.Arrays.fill(x, UNTOUCHED);
    return x;
  }
}
