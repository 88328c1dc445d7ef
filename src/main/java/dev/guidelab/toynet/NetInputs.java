package dev.guidelab.toynet;

/**
 * The per-sample quantities the toy network's score needs (docs/toy.md; EDM preconditioning,
 * docs/sampling-and-guidance.md §1), computed in float64 and rounded once to float32:
 *
 * <pre>
 *   c_in = 1/√(σ_d² + σ²),  c_noise = ln(σ)/4,
 *   u = [c_in·x₀, c_in·x₁, c_noise + shift, 1, condition...]          (network input)
 *   α = 2·c_in/(H·σ)      so that ∇ₓ[gain·mean_j(y_j²)/σ] = gain·α·(J_uᵀ y)[0:2]
 *   β = c_in²·x           so that ∇ₓ[−½‖c_in·x‖²] = −β
 * </pre>
 *
 * None of them depends on the parameters, so they enter the autograd graph as constants.
 */
final class NetInputs {

  /** σ_d of the EDM preconditioning. */
  static final double SIGMA_DATA = 0.5;

  final int n;
  final float[] u; // [n, inputDim]
  final float[] alpha; // [n]
  final double[] cIn2; // [n] c_in², float64 (β = c_in²·x is applied on the Java side)

  private NetInputs(int n, float[] u, float[] alpha, double[] cIn2) {
    this.n = n;
    this.u = u;
    this.alpha = alpha;
    this.cIn2 = cIn2;
  }

  /**
   * @param x samples {@code [n, 2]}
   * @param sigma per-sample noise levels {@code [n]}
   * @param condition {@code [n, 2]} one-hot or zero rows, or null (the null condition) — ignored by
   *     an unconditional network
   * @param noiseShift {@code [n]} added to {@code c_noise}, or null
   */
  static NetInputs of(
      ToyNetConfig config, double[] x, double[] sigma, double[] condition, double[] noiseShift) {
    int n = sigma.length;
    int in = config.inputDim();
    int h = config.hidden();
    float[] u = new float[n * in];
    float[] alpha = new float[n];
    double[] cIn2 = new double[n];
    for (int b = 0; b < n; b++) {
      double s = sigma[b];
      double cIn = 1 / Math.sqrt(SIGMA_DATA * SIGMA_DATA + s * s);
      double cNoise = Math.log(s) / 4 + (noiseShift == null ? 0 : noiseShift[b]);
      int o = b * in;
      // Input features [c_in·x, c_noise, 1, condition].
      u[o] = (float) (cIn * x[2 * b]);
      u[o + 1] = (float) (cIn * x[2 * b + 1]);
      u[o + 2] = (float) cNoise;
      u[o + 3] = 1f;
      if (config.conditional() && condition != null) {
        u[o + 4] = (float) condition[2 * b];
        u[o + 5] = (float) condition[2 * b + 1];
      }
      // Score factors.
      alpha[b] = (float) (2 * cIn / (h * s));
      cIn2[b] = cIn * cIn;
    }
    return new NetInputs(n, u, alpha, cIn2);
  }

  /** The same σ for every sample. */
  static double[] constant(int n, double sigma) {
    double[] s = new double[n];
    java.util.Arrays.fill(s, sigma);
    return s;
  }
}
