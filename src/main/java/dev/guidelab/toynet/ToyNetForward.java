package dev.guidelab.toynet;

import ai.djl.ndarray.NDArray;

/**
 * The toy network's forward pass and its analytic input gradient, in DJL tensor ops (docs/toy.md):
 *
 * <pre>
 *   h₀ = u·Ŵ₀ᵀ,   h_l = silu(h_{l−1})·Ŵ_lᵀ  (l = 1..L),   y = h_L ∈ R^H
 *   logp(x;σ) = gain·mean_j(y_j²)/σ − ½‖c_in·x‖²
 *   ∇ₓlogp   = gain·α·(J_uᵀ y)[:, 0:2] − c_in²·x,   α = 2c_in/(Hσ)
 * </pre>
 *
 * where {@code J_uᵀ y} is back-propagated by hand: {@code g_L = y}, {@code g_{l−1} = (g_l·Ŵ_l) ⊙
 * silu'(h_{l−1})}, {@code J_uᵀy = g₀·Ŵ₀}, with {@code silu'(h) = s + a − a·s}, {@code s = σ(h)},
 * {@code a = h·s}. The 0.596 of EDM2's MP-SiLU is folded into {@code Ŵ_l} (l ≥ 1).
 *
 * <p>Because the score is an explicit graph of first-order ops, plain autograd of a loss on it
 * gives exact parameter gradients (no second-order autograd). Every op here is tensor–tensor (no
 * Java {@code Number} arguments), so the graph is safe under a {@code GradientCollector}
 * (docs/platform.md, autograd bug).
 */
final class ToyNetForward {

  private ToyNetForward() {}

  /**
   * Effective MP weights {@code Ŵ = w/((‖w_row‖ + ε√n)·post)}, differentiable in {@code w}.
   *
   * @param w raw weights {@code [H, n]}
   * @param epsSqrtN the constant {@code ε√n}, shape {@code [1]}
   * @param post the constant 1 (input layer) or 0.596 (after a SiLU), shape {@code [1]}
   */
  static NDArray effectiveWeights(NDArray w, NDArray epsSqrtN, NDArray post) {
    NDArray norm = w.square().sum(new int[] {1}, true).sqrt(); // [H, 1]
    return w.div(norm.add(epsSqrtN).mul(post)); // [H, n]
  }

  /** Output features {@code y = h_L}, {@code [B, H]}. */
  static NDArray features(NDArray[] wHat, NDArray u) {
    NDArray h = u.matMul(wHat[0].transpose()); // [B, H]
    for (int l = 1; l < wHat.length; l++) {
      h = h.mul(h.getNDArrayInternal().sigmoid()).matMul(wHat[l].transpose()); // [B, H]
    }
    return h;
  }

  /**
   * The learned part of the score, {@code gain·α·(J_uᵀ y)[:, 0:2]}, {@code [B, 2]}; the full score
   * is this minus {@code c_in²·x}.
   *
   * @param wHat effective weights, {@code [H, in]} then L × {@code [H, H]}
   * @param gain {@code [1]}
   * @param u network inputs {@code [B, in]}
   * @param alpha {@code [B, 1]}
   */
  static NDArray learnedScore(NDArray[] wHat, NDArray gain, NDArray u, NDArray alpha) {
    int layers = wHat.length - 1;
    NDArray[] s = new NDArray[layers]; // σ(h_{l−1}), [B, H]
    NDArray[] a = new NDArray[layers]; // silu(h_{l−1}), [B, H]
    // Forward: h₀ = u·Ŵ₀ᵀ, h_l = silu(h_{l−1})·Ŵ_lᵀ.
    NDArray h = u.matMul(wHat[0].transpose());
    for (int l = 1; l <= layers; l++) {
      s[l - 1] = h.getNDArrayInternal().sigmoid();
      a[l - 1] = h.mul(s[l - 1]);
      h = a[l - 1].matMul(wHat[l].transpose());
    }
    // Backward of ½·Σ_j y_j² w.r.t. u: g_L = y, g_{l−1} = (g_l·Ŵ_l) ⊙ silu'(h_{l−1}).
    NDArray g = h;
    for (int l = layers; l >= 1; l--) {
      NDArray siluPrime = s[l - 1].add(a[l - 1]).sub(a[l - 1].mul(s[l - 1]));
      g = g.matMul(wHat[l]).mul(siluPrime);
    }
    // J_uᵀy restricted to the c_in·x inputs, then ∂u/∂x = c_in folded into α.
    NDArray gx = g.matMul(wHat[0].get(":, 0:2")); // [B, 2]
    return gx.mul(alpha).mul(gain);
  }
}
