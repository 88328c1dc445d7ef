package dev.guidelab.models;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import dev.guidelab.djl.DeviceBatches;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A user's TorchScript image denoiser as a {@link Denoiser}: {@code forward(x, sigma)} or {@code
 * forward(x, sigma, class_labels)} returns {@code D(x;σ)} directly, the EDM/EDM2 convention ({@code
 * EDMPrecond.forward}, Karras et al. 2022, Eq. 7: the preconditioning is inside the network). x is
 * float32 {@code [n, C, R, R]} in the data range [−1, 1] plus noise, sigma float32 {@code [n]},
 * class_labels float32 one-hot {@code [n, classes]} (all zeros = the null condition, as EDM2 does
 * for {@code class_labels=None}).
 *
 * <p>Batches stay on the device ({@link TensorBatch}, docs/sampling-and-guidance.md §1): x goes to
 * the network as it is, without copies or conversions, and the result stays there for the guidance
 * rules and the sampler; only one number per call (the output's sum, to check that it is finite)
 * comes to the host.
 *
 * <p>Memory (DJL memory docs): the TorchScript module lives in this object's {@link Model} until
 * {@link #close()}; each call runs in a sub-manager of the caller's innermost scope, closed before
 * the result is returned to that scope, with autograd off. Like a DJL predictor, one instance
 * serves one thread: open one per point. A call that runs out of device memory is split into
 * smaller ones ({@link DeviceBatches}).
 */
public final class TorchScriptDenoiser implements Denoiser, AutoCloseable {

  private final Model model;
  private final PtSymbolBlock block;
  private final ImageShape shape;
  private final DeviceBatches batches;

  private TorchScriptDenoiser(Model model, ImageShape shape, int maxBatch) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.shape = shape;
    this.batches = new DeviceBatches("the image denoiser", maxBatch);
  }

  /**
   * Loads TorchScript {@code bytes} (offline, CPU).
   *
   * @throws IllegalArgumentException if libtorch cannot load them
   */
  public static TorchScriptDenoiser load(byte[] bytes, ImageShape shape) {
    return load(bytes, shape, Integer.MAX_VALUE);
  }

  /**
   * {@link #load(byte[], ImageShape)} with calls of at most {@code maxBatch} samples from the start
   * (not only after running out of memory): how the tests split calls on a CPU.
   */
  static TorchScriptDenoiser load(byte[] bytes, ImageShape shape, int maxBatch) {
    DjlEngine.applyDefaults(); // offline, one thread: before the engine first loads
    Model model = Model.newInstance("torchscript-denoiser", DjlEngine.device(), DjlEngine.ENGINE);
    try {
      model.load(new ByteArrayInputStream(bytes), null);
      JniUtils.enableInferenceMode((PtSymbolBlock) model.getBlock());
      return new TorchScriptDenoiser(model, shape, maxBatch);
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

  /** The device's batches: the sampler keeps an image point's state there. */
  @Override
  public BatchSpace space() {
    return TensorBatch.SPACE;
  }

  /**
   * {@code D(x;σ)} for {@code x [n, C·R·R]}, on the device: a host batch is uploaded first.
   *
   * @throws IllegalArgumentException if the network's output is not {@code [n, C, R, R]} or not
   *     finite, or the evaluation asks for what a TorchScript denoiser cannot do (a shifted noise
   *     embedding)
   */
  @Override
  public Batch denoise(Batch x, double sigma, Evaluation eval) {
    if (eval.noiseShift() != null) {
      throw new IllegalArgumentException(
          "a TorchScript denoiser takes σ, not a noise embedding: time-step guidance cannot shift it");
    }
    int n = x.size();
    NDArray xs = TensorBatch.array(x); // [n, dim]
    float[] labels = shape.classes() == 0 ? null : labels(eval.condition(), n);
    List<NDArray> parts = new ArrayList<>(); // [size, dim] each, in the innermost scope
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false); // grad mode is per thread
    try {
      batches.run(n, (from, size) -> parts.add(denoise(xs, n, labels, sigma, from, size)));
    } finally {
      JniUtils.setGradMode(grad);
    }
    if (parts.size() == 1) {
      return TensorBatch.of(parts.get(0));
    }
    NDArray d = NDArrays.concat(new NDList(parts)); // [n, dim]
    parts.forEach(NDArray::close);
    return TensorBatch.of(d);
  }

  /**
   * Samples {@code [from, from + size)} of {@code x [n, dim]} through the network, in a sub-manager
   * of the innermost scope; the result {@code [size, dim]} is moved to that scope.
   */
  private NDArray denoise(NDArray x, int n, float[] labels, double sigma, int from, int size) {
    NDManager outer = TensorBatch.innermost();
    try (NDManager scope = outer.newSubManager()) {
      NDArray rows = size == n ? x : x.get(new NDIndex("{}:{}", from, from + size));
      NDArray xs = rows.reshape(size, shape.channels(), r(), r()); // [size, C, R, R]
      xs.attach(scope);
      if (rows != x) {
        rows.attach(scope);
      }
      NDArray s = scope.full(new Shape(size), (float) sigma); // [size]
      NDArray ls =
          labels == null
              ? null
              : scope.create(
                  Arrays.copyOfRange(
                      labels, from * shape.classes(), (from + size) * shape.classes()),
                  new Shape(size, shape.classes()));
      NDArray d = forward((PtNDManager) scope, xs, s, ls); // [size, C, R, R]
      long[] out = d.getShape().getShape();
      long[] expected = {size, shape.channels(), r(), r()};
      if (!Arrays.equals(out, expected)) {
        throw new IllegalArgumentException(
            "forward returned shape "
                + Arrays.toString(out)
                + ", the contract is "
                + Arrays.toString(expected)
                + " (the same shape as x)");
      }
      NDArray result = d.toType(DataType.FLOAT32, false).reshape(size, dim());
      requireFinite(result, sigma, from);
      result.attach(outer);
      return result;
    }
  }

  /** Fails on a non-finite value: their sum is not finite (one number to the host), then where. */
  private void requireFinite(NDArray d, double sigma, int from) {
    try (NDArray sum = d.sum()) {
      if (Float.isFinite(sum.getFloat())) {
        return;
      }
    }
    float[] f = d.toFloatArray();
    for (int i = 0; i < f.length; i++) {
      if (!Float.isFinite(f[i])) {
        throw new IllegalArgumentException(
            "forward returned a non-finite value at σ = "
                + sigma
                + " (element "
                + ((long) from * dim() + i)
                + ")");
      }
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

  /**
   * Live NDArrays in the model's manager and under the engine's base manager, where device batches
   * live: the parameters, plus anything a call or a sampled batch leaked.
   */
  int liveArrays() {
    return model.getNDManager().getManagedArrays().size()
        + DjlEngine.manager().getManagedArrays().size();
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
