package dev.guidelab.models;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A user's TorchScript image denoiser as a {@link Denoiser}: {@code forward(x, sigma)} or {@code
 * forward(x, sigma, class_labels)} returns {@code D(x;σ)} directly, the EDM/EDM2 convention ({@code
 * EDMPrecond.forward}, Karras et al. 2022, Eq. 7: the preconditioning is inside the network). x is
 * float32 {@code [n, C, R, R]} in the data range [−1, 1] plus noise, sigma float32 {@code [n]},
 * class_labels float32 one-hot {@code [n, classes]} (all zeros = the null condition, as EDM2 does
 * for {@code class_labels=None}).
 *
 * <p>Memory (DJL memory docs): the TorchScript module lives in this object's {@link Model} until
 * {@link #close()}; each call runs in a sub-manager of the model's manager, closed before the
 * {@code double[]} result is returned, with autograd off. Like a DJL predictor, one instance serves
 * one thread: open one per point.
 */
public final class TorchScriptDenoiser implements Denoiser, AutoCloseable {

  private final Model model;
  private final PtSymbolBlock block;
  private final ImageShape shape;

  private TorchScriptDenoiser(Model model, ImageShape shape) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.shape = shape;
  }

  /**
   * Loads TorchScript {@code bytes} (offline, CPU).
   *
   * @throws IllegalArgumentException if libtorch cannot load them
   */
  public static TorchScriptDenoiser load(byte[] bytes, ImageShape shape) {
    DjlEngine.applyDefaults(); // offline, one thread: before the engine first loads
    Model model = Model.newInstance("torchscript-denoiser", DjlEngine.device(), DjlEngine.ENGINE);
    try {
      model.load(new ByteArrayInputStream(bytes), null);
      JniUtils.enableInferenceMode((PtSymbolBlock) model.getBlock());
      return new TorchScriptDenoiser(model, shape);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException(
          "not TorchScript that libtorch can load: " + firstLine(e), e);
    }
  }

  public ImageShape shape() {
    return shape;
  }

  @Override
  public int dim() {
    return shape.dim();
  }

  @Override
  public int conditionDim() {
    return shape.classes();
  }

  /**
   * {@code D(x;σ)} for {@code x [n, C·R·R]}.
   *
   * @throws IllegalArgumentException if the network's output is not {@code [n, C, R, R]} or not
   *     finite, or the evaluation asks for what a TorchScript denoiser cannot do (a shifted noise
   *     embedding)
   */
  @Override
  public double[] denoise(double[] x, double sigma, Evaluation eval) {
    if (eval.noiseShift() != null) {
      throw new IllegalArgumentException(
          "a TorchScript denoiser takes σ, not a noise embedding: time-step guidance cannot shift it");
    }
    int n = x.length / dim();
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false); // grad mode is per thread
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray xs = scope.create(toFloats(x), new Shape(n, shape.channels(), r(), r())); // [n,C,R,R]
      float[] sigmas = new float[n];
      Arrays.fill(sigmas, (float) sigma);
      NDArray s = scope.create(sigmas, new Shape(n)); // [n]
      NDArray labels =
          shape.classes() == 0
              ? null
              : scope.create(labels(eval.condition(), n), new Shape(n, shape.classes()));
      NDArray d = forward((PtNDManager) scope, xs, s, labels); // [n, C, R, R]
      long[] out = d.getShape().getShape();
      long[] expected = {n, shape.channels(), r(), r()};
      if (!Arrays.equals(out, expected)) {
        throw new IllegalArgumentException(
            "forward returned shape "
                + Arrays.toString(out)
                + ", the contract is "
                + Arrays.toString(expected)
                + " (the same shape as x)");
      }
      float[] f = d.toType(DataType.FLOAT32, false).toFloatArray();
      double[] result = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        if (!Float.isFinite(f[i])) {
          throw new IllegalArgumentException(
              "forward returned a non-finite value at σ = " + sigma + " (element " + i + ")");
        }
        result[i] = f[i];
      }
      return result;
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  private NDArray forward(PtNDManager scope, NDArray x, NDArray sigma, NDArray labels) {
    IValue[] args =
        labels == null
            ? new IValue[] {IValue.from((PtNDArray) x), IValue.from((PtNDArray) sigma)}
            : new IValue[] {
              IValue.from((PtNDArray) x),
              IValue.from((PtNDArray) sigma),
              IValue.from((PtNDArray) labels)
            };
    try (IValue result = block.forward(args)) {
      if (!result.isTensor()) {
        throw new IllegalArgumentException("forward returned a non-tensor");
      }
      return result.toTensor(scope);
    } finally {
      for (IValue arg : args) {
        arg.close();
      }
    }
  }

  /** One-hot labels {@code [n, classes]}: the evaluation's condition, or the null condition. */
  private float[] labels(double[] condition, int n) {
    float[] labels = new float[n * shape.classes()];
    if (condition != null) {
      if (condition.length != labels.length) {
        throw new IllegalArgumentException(
            "condition must be [n, " + shape.classes() + "], got " + condition.length + " values");
      }
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (float) condition[i];
      }
    }
    return labels;
  }

  private int r() {
    return shape.resolution();
  }

  private static float[] toFloats(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  /** Live NDArrays in the model's manager: its parameters, plus anything a call leaked. */
  int liveArrays() {
    return model.getNDManager().getManagedArrays().size();
  }

  static String firstLine(Exception e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getMessage().lines().findFirst().orElse("");
  }

  @Override
  public void close() {
    model.close();
  }
}
