package dev.guidelab.toynet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.sampling.ArrayBatch;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;

/**
 * A trained toy network as a {@link Denoiser}: {@code D(x;σ) = x + σ²·∇ₓlogp(x;σ)} with the
 * network's log-density of docs/toy.md and the analytic score of {@link ToyNetForward}, evaluated
 * in float32 on the PyTorch engine.
 *
 * <p>Holds no native memory: every call turns autograd off in the calling thread, works in a
 * sub-manager of {@link DjlEngine}'s base manager (in chunks of {@value #CHUNK} samples) and closes
 * it before returning; only the {@code double[]} result leaves. Safe to share between threads;
 * nothing to close.
 */
public final class ToyNetDenoiser implements Denoiser {

  /** Samples per native evaluation; larger batches are split (bounds native memory per call). */
  static final int CHUNK = 16_384;

  private final ToyNetwork net;
  private final ToyNetConfig config;
  private final float[][] wHat; // [L+1][H·fan_in] effective weights
  private final float[] gain; // [1]

  public ToyNetDenoiser(ToyNetwork net) {
    this.net = net;
    this.config = net.config();
    this.wHat = new float[config.linearCount()][];
    for (int l = 0; l < wHat.length; l++) {
      wHat[l] = net.effectiveWeights(l);
    }
    this.gain = new float[] {net.gain()};
  }

  /** The network evaluated. */
  public ToyNetwork network() {
    return net;
  }

  @Override
  public int dim() {
    return ToyNetConfig.DIM;
  }

  @Override
  public int conditionDim() {
    return config.conditionDim();
  }

  @Override
  public Batch denoise(Batch batch, double sigma, Evaluation eval) {
    double[] x = ArrayBatch.values(batch); // [n, 2]
    double[] s = score(x, sigma, eval);
    // D = x + σ²·∇ₓlogp.
    double sigma2 = sigma * sigma;
    double[] d = new double[x.length];
    for (int c = 0; c < x.length; c++) {
      d[c] = x[c] + sigma2 * s[c];
    }
    return ArrayBatch.of(d, ToyNetConfig.DIM);
  }

  /** The network's score {@code ∇ₓlogp(x;σ)}, {@code [n, 2]}. */
  public double[] score(double[] x, double sigma, Evaluation eval) {
    int n = x.length / ToyNetConfig.DIM;
    checkCondition(eval, n);
    return score(x, NetInputs.constant(n, sigma), eval.condition(), eval.noiseShift());
  }

  /** The score at per-sample noise levels {@code sigma [n]} (training validation). */
  double[] score(double[] x, double[] sigma, double[] condition, double[] noiseShift) {
    NetInputs in = NetInputs.of(config, x, sigma, condition, noiseShift);
    float[] learned = evaluate(in, false);
    // ∇ₓlogp = learned − c_in²·x.
    double[] s = new double[x.length];
    for (int b = 0; b < in.n; b++) {
      s[2 * b] = learned[2 * b] - in.cIn2[b] * x[2 * b];
      s[2 * b + 1] = learned[2 * b + 1] - in.cIn2[b] * x[2 * b + 1];
    }
    return s;
  }

  /**
   * The network's log-density {@code logp(x;σ) = gain·mean_j(y_j²)/σ − ½‖c_in·x‖²} (unnormalised),
   * {@code [n]}.
   */
  public double[] logDensity(double[] x, double sigma, Evaluation eval) {
    int n = x.length / ToyNetConfig.DIM;
    checkCondition(eval, n);
    NetInputs in =
        NetInputs.of(config, x, NetInputs.constant(n, sigma), eval.condition(), eval.noiseShift());
    float[] meanY2 = evaluate(in, true);
    double[] logp = new double[n];
    for (int b = 0; b < n; b++) {
      double x0 = x[2 * b];
      double x1 = x[2 * b + 1];
      logp[b] = gain[0] * meanY2[b] / sigma - 0.5 * in.cIn2[b] * (x0 * x0 + x1 * x1);
    }
    return logp;
  }

  /** Learned score part {@code [n, 2]}, or {@code mean_j y_j²} {@code [n]} if {@code features}. */
  private float[] evaluate(NetInputs in, boolean features) {
    DjlEngine.gradModeOff();
    int width = features ? 1 : ToyNetConfig.DIM;
    int inDim = config.inputDim();
    float[] out = new float[in.n * width];
    for (int first = 0; first < in.n; first += CHUNK) {
      int m = Math.min(CHUNK, in.n - first);
      try (NDManager scope = DjlEngine.manager().newSubManager()) {
        NDArray[] w = new NDArray[wHat.length];
        for (int l = 0; l < w.length; l++) {
          w[l] = scope.create(wHat[l], new Shape(config.hidden(), config.fanIn(l)));
        }
        float[] uChunk = new float[m * inDim];
        System.arraycopy(in.u, first * inDim, uChunk, 0, m * inDim);
        NDArray u = scope.create(uChunk, new Shape(m, inDim)); // [m, in]
        NDArray result;
        if (features) {
          result = ToyNetForward.features(w, u).square().mean(new int[] {1}); // [m]
        } else {
          float[] aChunk = new float[m];
          System.arraycopy(in.alpha, first, aChunk, 0, m);
          NDArray alpha = scope.create(aChunk, new Shape(m, 1)); // [m, 1]
          NDArray g = scope.create(gain, new Shape(1));
          result = ToyNetForward.learnedScore(w, g, u, alpha); // [m, 2]
        }
        System.arraycopy(result.toFloatArray(), 0, out, first * width, m * width);
      }
    }
    return out;
  }

  private void checkCondition(Evaluation eval, int n) {
    if (eval.condition() != null
        && config.conditional()
        && eval.condition().length != n * config.conditionDim()) {
      throw new IllegalArgumentException(
          "condition must be [n, "
              + config.conditionDim()
              + "] = "
              + n * config.conditionDim()
              + " values, got "
              + eval.condition().length);
    }
    if (eval.noiseShift() != null && eval.noiseShift().length != n) {
      throw new IllegalArgumentException(
          "noiseShift must have one value per sample (" + n + "), got " + eval.noiseShift().length);
    }
  }
}
