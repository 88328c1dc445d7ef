package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void twoByTwoHasTheTextbookEigenvalues() {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    double[] lambda = SymmetricEigen.eigenvalues(new double[][] {{2, 1}, {1, 2}});
    assertEquals(1, lambda[0], 1e-15);
    assertEquals(3, lambda[1], 1e-15);
  }

  @Test
  void randomSymmetricMatrixIsReconstructedByOrthonormalVectors() {
    int d = 20;
    SplittableRandom rng = new SplittableRandom(3);
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        a[i][j] = rng.nextGaussian();
        a[j][i] = a[i][j];
      }
    }
    SymmetricEigen.Decomposition e = SymmetricEigen.decompose(a);
    double[][] v = e.vectors();
    // Converged Jacobi is backward stable: residuals ~ d·ε·‖A‖ ≈ 1e-14; 1e-12 is slack.
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double reconstructed = 0;
        double gram = 0;
        for (int k = 0; k < d; k++) {
          reconstructed += v[i][k] * e.values()[k] * v[j][k];
          gram += v[k][i] * v[k][j];
        }
        assertEquals(a[i][j], reconstructed, 1e-12);
        assertEquals(i == j ? 1 : 0, gram, 1e-12);
      }
    }
    for (int k = 0; k + 1 < d; k++) {
      assertEquals(true, e.values()[k] <= e.values()[k + 1], "ascending");
    }
  }
}
