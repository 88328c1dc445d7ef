package dev.guidelab.toy;

/**
 * One 2-D Gaussian component {@code φ·N(x; μ, Σ)} of a {@link GaussianMixture}.
 *
 * @param phi weight φ ≥ 0 (the mixture normalises the weights to sum to 1)
 * @param mu0 μ, first coordinate
 * @param mu1 μ, second coordinate
 * @param s00 Σ₀₀
 * @param s01 Σ₀₁ = Σ₁₀
 * @param s11 Σ₁₁
 */
public record MixtureComponent(
    double phi, double mu0, double mu1, double s00, double s01, double s11) {}
