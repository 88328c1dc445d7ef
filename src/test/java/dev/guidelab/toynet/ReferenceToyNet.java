package dev.guidelab.toynet;

/**
 * An independent float64 implementation of the toy network's log-density (docs/toy.md), straight
 * from the formulas: the oracle the DJL implementation is checked against.
 */
final class ReferenceToyNet {

  private ReferenceToyNet() {}

  /** {@code logp(x;σ) = gain·mean_j(y_j²)/σ − ½‖c_in·x‖²} in float64. */
  static double logp(ToyNetwork net, double x0, double x1, double sigma, double[] condition) {
    ToyNetConfig c = net.config();
    double cIn = 1 / Math.sqrt(0.25 + sigma * sigma);
    double[] u = new double[c.inputDim()];
    u[0] = cIn * x0;
    u[1] = cIn * x1;
    u[2] = Math.log(sigma) / 4;
    u[3] = 1;
    if (c.conditional() && condition != null) {
      u[4] = condition[0];
      u[5] = condition[1];
    }
    double[] h = mpLinear(net.weights(0), u, c.hidden());
    for (int l = 1; l < c.linearCount(); l++) {
      double[] a = new double[h.length];
      for (int j = 0; j < h.length; j++) {
        a[j] = h[j] / (1 + Math.exp(-h[j])) / 0.596; // MP-SiLU
      }
      h = mpLinear(net.weights(l), a, c.hidden());
    }
    double meanY2 = 0;
    for (double y : h) {
      meanY2 += y * y / h.length;
    }
    return net.gain() * meanY2 / sigma - 0.5 * cIn * cIn * (x0 * x0 + x1 * x1);
  }

  /** EDM2 MPConv: {@code out = (normalize(w)/√n)·in}, {@code normalize(w) = w/(ε + ‖w‖/√n)}. */
  private static double[] mpLinear(float[] w, double[] in, int out) {
    int n = in.length;
    double[] y = new double[out];
    for (int r = 0; r < out; r++) {
      double norm = 0;
      for (int c = 0; c < n; c++) {
        norm += (double) w[r * n + c] * w[r * n + c];
      }
      double scale = 1 / (1e-4 + Math.sqrt(norm) / Math.sqrt(n)) / Math.sqrt(n);
      double sum = 0;
      for (int c = 0; c < n; c++) {
        sum += w[r * n + c] * scale * in[c];
      }
      y[r] = sum;
    }
    return y;
  }

  /** Central finite difference of {@link #logp} w.r.t. x, float64, step h. */
  static double[] score(
      ToyNetwork net, double x0, double x1, double sigma, double[] cond, double h) {
    double s0 = (logp(net, x0 + h, x1, sigma, cond) - logp(net, x0 - h, x1, sigma, cond)) / (2 * h);
    double s1 = (logp(net, x0, x1 + h, sigma, cond) - logp(net, x0, x1 - h, sigma, cond)) / (2 * h);
    return new double[] {s0, s1};
  }
}
