package dev.guidelab.metrics;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigen-decomposition {@code A = V diag(λ) Vᵀ} of a small real symmetric matrix by the cyclic
 * Jacobi method (Golub &amp; Van Loan, Algorithm 8.5.3; rotation updates as in Numerical Recipes
 * §11.1, which zero an exactly-cancelling pair exactly). Pure Java, O(d³) per sweep: meant for d up
 * to a few hundred; the d = 2048 feature spaces use a library route.
 */
public final class SymmetricEigen {

  private static final int MAX_SWEEPS = 100;

  /**
   * Eigenvalues in ascending order and matching unit eigenvectors.
   *
   * @param values λ, {@code [d]} ascending
   * @param vectors V, {@code [d][d]}; column {@code j} is the eigenvector of {@code values[j]}
   */
  public record Decomposition(double[] values, double[][] vectors) {}

  private SymmetricEigen() {}

  /** Eigenvalues of symmetric {@code a} ({@code [d][d]}, only read), ascending. */
  public static double[] eigenvalues(double[][] a) {
    return decompose(a).values();
  }

  /** Eigenvalues and eigenvectors of symmetric {@code a} ({@code [d][d]}, only read). */
  public static Decomposition decompose(double[][] a) {
    int d = a.length;
    double[][] m = new double[d][]; // [d][d] working copy, driven to diagonal
    double[][] v = new double[d][d]; // [d][d] accumulated rotations
    for (int i = 0; i < d; i++) {
      if (a[i].length != d) {
        throw new IllegalArgumentException(
            "matrix must be square, row " + i + " has " + a[i].length);
      }
      m[i] = a[i].clone();
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      // Converged when the off-diagonal mass is below rounding of the diagonal.
      double off = 0;
      double diag = 0;
      for (int p = 0; p < d; p++) {
        diag += m[p][p] * m[p][p];
        for (int q = p + 1; q < d; q++) {
          off += m[p][q] * m[p][q];
        }
      }
      if (off == 0 || off <= 1e-36 * diag) {
        break;
      }
      // One cyclic sweep of Jacobi rotations over all p < q.
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          if (m[p][q] != 0) {
            rotate(m, v, p, q);
          }
        }
      }
    }
    return sorted(m, v);
  }

  /** Rotation J(p, q, θ) that zeroes m[p][q]: m ← Jᵀ m J, v ← v J. */
  private static void rotate(double[][] m, double[][] v, int p, int q) {
    int d = m.length;
    double apq = m[p][q];
    // t = tan θ, the smaller root of t² + 2θt − 1 = 0 with θ = (a_qq − a_pp)/(2a_pq).
    double theta = (m[q][q] - m[p][p]) / (2 * apq);
    double t =
        Math.abs(theta) > 1e150
            ? 1 / (2 * theta)
            : Math.signum(theta == 0 ? 1 : theta)
                / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    double tau = s / (1 + c);
    // Diagonal: a_pp −= t·a_pq, a_qq += t·a_pq; the pivot becomes 0.
    m[p][p] -= t * apq;
    m[q][q] += t * apq;
    m[p][q] = 0;
    m[q][p] = 0;
    // Other rows/columns r ≠ p, q (kept symmetric).
    for (int r = 0; r < d; r++) {
      if (r == p || r == q) {
        continue;
      }
      double arp = m[r][p];
      double arq = m[r][q];
      double newRp = arp - s * (arq + tau * arp);
      double newRq = arq + s * (arp - tau * arq);
      m[r][p] = newRp;
      m[p][r] = newRp;
      m[r][q] = newRq;
      m[q][r] = newRq;
    }
    // Eigenvectors: columns p and q of V.
    for (int r = 0; r < d; r++) {
      double vrp = v[r][p];
      double vrq = v[r][q];
      v[r][p] = vrp - s * (vrq + tau * vrp);
      v[r][q] = vrq + s * (vrp - tau * vrq);
    }
  }

  private static Decomposition sorted(double[][] m, double[][] v) {
    int d = m.length;
    Integer[] order =
        IntStream.range(0, d)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> m[i][i]))
            .toArray(Integer[]::new);
    double[] values = new double[d];
    double[][] vectors = new double[d][d];
    for (int j = 0; j < d; j++) {
      values[j] = m[order[j]][order[j]];
      for (int r = 0; r < d; r++) {
        vectors[r][j] = v[r][order[j]];
      }
    }
    return new Decomposition(values, vectors);
  }
}
