package dev.guidelab.toynet;

/**
 * Adam (Kingma & Ba 2015) on flat parameter vectors, in plain Java float64 state: deterministic and
 * free of native memory. {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²}, {@code θ ← θ −
 * lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)} — PyTorch's formulation.
 */
final class Adam {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[][] m;
  private final double[][] v;
  private long t;

  /**
   * @param sizes length of each parameter vector
   */
  Adam(int[] sizes, double beta1, double beta2, double epsilon) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    m = new double[sizes.length][];
    v = new double[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      m[i] = new double[sizes[i]];
      v[i] = new double[sizes[i]];
    }
  }

  /** One step on every parameter vector {@code theta[i]} with gradients {@code grad[i]}. */
  void step(float[][] theta, float[][] grad, double lr) {
    t++;
    double bias1 = 1 - Math.pow(beta1, (double) t);
    double sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, (double) t));
    for (int i = 0; i < theta.length; i++) {
      double[] mi = m[i];
      double[] vi = v[i];
      float[] p = theta[i];
      float[] g = grad[i];
      for (int j = 0; j < p.length; j++) {
        mi[j] = beta1 * mi[j] + (1 - beta1) * g[j];
        vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * g[j];
        p[j] = (float) (p[j] - lr / bias1 * mi[j] / (Math.sqrt(vi[j]) / sqrtBias2 + epsilon));
      }
    }
  }
}
