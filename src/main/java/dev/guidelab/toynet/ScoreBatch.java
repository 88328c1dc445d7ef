package dev.guidelab.toynet;

/**
 * One batch of exact score matching (docs/toy.md, "Training"): noisy samples, their noise levels,
 * conditions and the exact noisy scores.
 *
 * @param x noisy samples {@code [B, 2]}
 * @param sigma noise levels {@code [B]}
 * @param condition one-hot class or zero (null condition) rows {@code [B, 2]}, or null for an
 *     unconditional network
 * @param target exact scores {@code ∇log p(x;σ)} of the sample's class (or of A∪B under the null
 *     condition) {@code [B, 2]}
 */
record ScoreBatch(double[] x, double[] sigma, double[] condition, double[] target) {

  int size() {
    return sigma.length;
  }
}
