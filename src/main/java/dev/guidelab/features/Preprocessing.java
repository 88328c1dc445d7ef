package dev.guidelab.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The Java side of a {@link FeatureContract.InputKind#FLOAT_NCHW} pipeline — for DINOv2 exactly
 * edm2's {@code DINOv2Detector(resize_mode='torch')}:
 *
 * <ol>
 *   <li>uint8 → float32, values stay on the 0..255 scale;
 *   <li>resize to {@code height × width} with PyTorch's bicubic antialiased interpolation ({@code
 *       F.interpolate(x, size, mode='bicubic', antialias=True)}, no clamping), done as two matrix
 *       products with {@link AntialiasedBicubic} weights: {@code x ← W_h · x · W_wᵀ}; skipped when
 *       the size already matches (the filter is then the identity);
 *   <li>{@code x ← x / 255};
 *   <li>{@code x ← (x − mean[c]) / std[c]} per channel (float32 mean and std).
 * </ol>
 *
 * All arrays live in the caller's manager.
 */
final class Preprocessing {

  private Preprocessing() {}

  /** {@code [N, C, H, W]} uint8 → {@code [N, C, height, width]} float32, normalised. */
  static NDArray apply(NDArray images, FeatureContract contract) {
    NDManager m = images.getManager();
    Shape s = images.getShape(); // [N, C, H, W]
    int inH = (int) s.get(2);
    int inW = (int) s.get(3);
    NDArray x = images.toType(DataType.FLOAT32, false);
    // Resize: columns then rows, [N, C, H, W] · [W, w] → [N, C, H, w]; [h, H] · that → [N, C, h,
    // w].
    if (inW != contract.width()) {
      NDArray wT =
          m.create(
                  AntialiasedBicubic.weights(inW, contract.width()),
                  new Shape(contract.width(), inW))
              .transpose();
      x = x.matMul(wT);
    }
    if (inH != contract.height()) {
      NDArray wH =
          m.create(
              AntialiasedBicubic.weights(inH, contract.height()),
              new Shape(contract.height(), inH));
      x = wH.matMul(x);
    }
    // Dynamic range, then per-channel normalisation.
    x = x.div(255f);
    Shape perChannel = new Shape(1, contract.channels(), 1, 1);
    x = x.sub(m.create(floats(contract.mean()), perChannel));
    return x.div(m.create(floats(contract.std()), perChannel));
  }

  private static float[] floats(java.util.List<Double> values) {
    float[] f = new float[values.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = values.get(i).floatValue();
    }
    return f;
  }
}
