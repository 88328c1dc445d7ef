package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the reference vectors ({@code src/test/resources/vectors}, tolerances in its README). */
class FrechetDistanceTest {

  private static JsonNode load(String file) {
    return Vectors.load(file);
  }

  private static double[] vector(JsonNode n) {
    return Vectors.vector(n);
  }

  private static double[][] matrix(JsonNode n) {
    return Vectors.matrix(n);
  }

  /** Features {@code [N][d]} flattened row-major. */
  private static double[] flat(double[][] rows) {
    return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
  }

  /** The installed route (native OpenBLAS/LAPACK when present) and the pure-Java fallback. */
  private static final LinearAlgebra[] ROUTES = {LinearAlgebra.best(), LinearAlgebra.pureJava()};

  @Test
  void closedFormCasesAgreeTo1eMinus12() throws IOException {
    JsonNode cases = load("fd_closed_form.json").get("cases");
    assertEquals(7, cases.size());
    for (LinearAlgebra la : ROUTES) {
      for (JsonNode c : cases) {
        double fd =
            FrechetDistance.between(
                vector(c.get("mu1")),
                matrix(c.get("sigma1")),
                vector(c.get("mu2")),
                matrix(c.get("sigma2")),
                la);
        assertEquals(
            c.get("expected_fd").asDouble(),
            fd,
            1e-12,
            c.get("name").asText() + " " + la.describe());
      }
    }
  }

  @Test
  void featureSetsGiveTheReferenceMomentsAndDistances() throws IOException {
    for (LinearAlgebra la : ROUTES) {
      featureSetsGiveTheReferenceMomentsAndDistances(la);
    }
  }

  private void featureSetsGiveTheReferenceMomentsAndDistances(LinearAlgebra la) throws IOException {
    for (JsonNode c : load("fd_kid_feature_sets.json").get("cases")) {
      String name = c.get("name").asText();
      double[][] f1 = matrix(c.get("features1"));
      double[][] f2 = matrix(c.get("features2"));
      int d = f1[0].length;
      boolean rankDeficient = f1.length <= d || f2.length <= d;
      // README: full rank 1e-9 relative; N ≤ d 1e-6 relative (the routes disagree at ~1e-7 there).
      double fdTolerance = rankDeficient ? 1e-6 : 1e-9;
      MomentAccumulator a1 = new MomentAccumulator();
      MomentAccumulator a2 = new MomentAccumulator();
      a1.accept(flat(f1), d);
      a2.accept(flat(f2), d);
      for (String ddofName : new String[] {"ddof1", "ddof0"}) {
        int ddof = ddofName.equals("ddof1") ? 1 : 0;
        JsonNode ref = c.get(ddofName);
        // Moments: float64 sums of ≤ 120 values, ~1e-16 relative; 1e-12 absolute is slack.
        assertArrayClose(vector(ref.get("mu1")), a1.mean(), 1e-12, name);
        assertArrayClose(vector(ref.get("mu2")), a2.mean(), 1e-12, name);
        assertMatrixClose(matrix(ref.get("sigma1")), a1.covariance(ddof), 1e-12, name);
        assertMatrixClose(matrix(ref.get("sigma2")), a2.covariance(ddof), 1e-12, name);
        double fd =
            FrechetDistance.between(
                a1.mean(), a1.covariance(ddof), a2.mean(), a2.covariance(ddof), la);
        for (String route :
            new String[] {
              "fd_numpy_eigh_symmetric_route",
              "fd_scipy_sqrtm_pytorch_fid",
              "fd_numpy_eigvals_torch_fidelity"
            }) {
          double expected = ref.get(route).asDouble();
          assertEquals(
              expected,
              fd,
              fdTolerance * Math.abs(expected),
              name + " " + ddofName + " " + route + " " + la.describe());
        }
        // The cached reference gives the same number as the one-shot call: bit for bit in pure
        // Java; native OpenBLAS varies in the last bits from call to call (its kernels' summation
        // order depends on array alignment, and the GC moves arrays), ~1e-14 relative here.
        FrechetDistance.Reference reference =
            new FrechetDistance.Reference(a1.mean(), a1.covariance(ddof), la);
        assertEquals(
            fd,
            reference.distanceTo(a2.mean(), a2.covariance(ddof)),
            la.isNative() ? 1e-12 * Math.abs(fd) : 0,
            la.describe());
      }
    }
  }

  @Test
  void streamingOverTheReferenceChunkCycleMatchesOneBatch() throws IOException {
    for (JsonNode c : load("fd_kid_feature_sets.json").get("cases")) {
      double[][] f = matrix(c.get("features2"));
      int d = f[0].length;
      int[] cycle =
          Arrays.stream(vector(c.get("streaming_check").get("chunk_sizes_cycle")))
              .mapToInt(v -> (int) v)
              .toArray();
      MomentAccumulator streamed = new MomentAccumulator();
      for (int i = 0, k = 0; i < f.length; k++) {
        int size = Math.min(cycle[k % cycle.length], f.length - i);
        streamed.accept(flat(Arrays.copyOfRange(f, i, i + size)), d);
        i += size;
      }
      JsonNode ref = c.get("ddof1");
      // The reference's own streaming differs from its batch by ≤ 1.1e-15; allow 1e-12.
      assertArrayClose(vector(ref.get("mu2")), streamed.mean(), 1e-12, c.get("name").asText());
      assertMatrixClose(
          matrix(ref.get("sigma2")), streamed.covariance(1), 1e-12, c.get("name").asText());
    }
  }

  @Test
  void identicalGaussiansGiveAboutZeroUnclamped() {
    double[][] s = {{2, 0.3}, {0.3, 1}};
    for (LinearAlgebra la : ROUTES) {
      double fd = FrechetDistance.between(new double[] {1, 2}, s, new double[] {1, 2}, s, la);
      assertEquals(0, fd, 1e-12, la.describe());
    }
  }

  @Test
  void nativeAndPureJavaRoutesAgreeOnARandomFullRankCase() {
    // d = 64, Σ = GGᵀ/d + I: well conditioned, so both LAPACKs agree to ~1e-13 relative.
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    int d = 64;
    double[][][] s = new double[2][d][d];
    for (double[][] sigma : s) {
      double[][] g = KernelInceptionDistanceTest.gaussian(rng, d, d, 0);
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          double sum = 0;
          for (int k = 0; k < d; k++) {
            sum += g[i][k] * g[j][k];
          }
          sigma[i][j] = sum / d + (i == j ? 1 : 0);
        }
      }
    }
    double[] mu1 = new double[d];
    double[] mu2 = new double[d];
    mu2[0] = 1;
    double a = FrechetDistance.between(mu1, s[0], mu2, s[1], LinearAlgebra.best());
    double b = FrechetDistance.between(mu1, s[0], mu2, s[1], LinearAlgebra.pureJava());
    assertEquals(a, b, 1e-10 * Math.abs(a));
    // The Cholesky route (Lᵀ Σ₂ L) and the eigen route (R Σ₂ R) have the same eigenvalues; with
    // condition numbers ≈ 5 both are exact to rounding, ~1e-13 relative of the trace terms.
    for (LinearAlgebra la : List.of(LinearAlgebra.best(), LinearAlgebra.pureJava())) {
      double cholesky = new FrechetDistance.Reference(mu1, s[0], la, true).distanceTo(mu2, s[1]);
      double eigen = new FrechetDistance.Reference(mu1, s[0], la, false).distanceTo(mu2, s[1]);
      assertEquals(eigen, cholesky, 1e-10 * Math.abs(eigen), la.describe());
    }
  }

  private static void assertArrayClose(
      double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
    }
  }

  private static void assertMatrixClose(
      double[][] expected, double[][] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertArrayClose(expected[i], actual[i], tol, what + " row " + i);
    }
  }
}
