package dev.guidelab.features;

/**
 * Resampling weights of PyTorch's {@code F.interpolate(mode='bicubic', antialias=True,
 * align_corners=False)} along one axis, as a dense {@code [out, in]} matrix (the separable filter
 * of PyTorch's {@code _compute_weights_aa}, PIL's convolution resampling):
 *
 * <pre>
 *   scale   = in / out
 *   support = 2·scale if scale ≥ 1 (downsampling widens the kernel: the antialias) else 2
 *   center  = scale·(i + 0.5)
 *   j       ∈ [max(⌊center − support + 0.5⌋, 0), min(⌊center + support + 0.5⌋, in))
 *   w[i][j] = k((j − center + 0.5) / max(scale, 1)), then each row normalised to sum 1
 *   k(x)    = Keys' cubic with a = −0.5: (a+2)|x|³ − (a+3)|x|² + 1 for |x| < 1,
 *             a(|x|³ − 5|x|² + 8|x| − 4) for 1 ≤ |x| < 2, else 0
 * </pre>
 *
 * Arithmetic is float32 as in PyTorch's kernel for float input. Pure; no native memory.
 */
public final class AntialiasedBicubic {

  private static final float A = -0.5f;

  private AntialiasedBicubic() {}

  /** Row-major {@code [out, in]} weights; the identity when {@code in == out}. */
  public static float[] weights(int in, int out) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("resize sizes must be positive, got " + in + " → " + out);
    }
    float[] w = new float[out * in];
    float scale = (float) in / out;
    float support = scale >= 1f ? 2f * scale : 2f;
    float invScale = scale >= 1f ? 1f / scale : 1f;
    for (int i = 0; i < out; i++) {
      float center = scale * (i + 0.5f);
      int min = Math.max((int) (center - support + 0.5f), 0);
      int max = Math.min((int) (center + support + 0.5f), in);
      float total = 0f;
      for (int j = min; j < max; j++) {
        float k = cubic((j - center + 0.5f) * invScale);
        w[i * in + j] = k;
        total += k;
      }
      if (total != 0f) {
        for (int j = min; j < max; j++) {
          w[i * in + j] /= total;
        }
      }
    }
    return w;
  }

  /** Keys' cubic convolution kernel with a = −0.5 (PyTorch's and PIL's antialiased bicubic). */
  static float cubic(float x) {
    x = Math.abs(x);
    if (x < 1f) {
      return ((A + 2f) * x - (A + 3f)) * x * x + 1f;
    }
    if (x < 2f) {
      return (((x - 5f) * x + 8f) * x - 4f) * A;
    }
    return 0f;
  }
}
