package dev.guidelab.metrics;

import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyClassifier;
import dev.guidelab.toy.ToyGroundTruth;

/**
 * The reference side of the toy's Top-1 class diagnostic (docs/metrics.md, "Top-N class
 * diagnostic"): {@code r_A(c) = ∫ p_c(x) 1[top-1(x) = A] dx}, the share of exact class-{@code c}
 * samples that the exact classifier ({@link ToyClassifier}) puts in class A.
 *
 * <p><b>How it was computed.</b> The decision boundary {@code π_A p_A = π_B p_B} of two
 * 1016-component mixtures has no closed form and the indicator jumps across it, so quadrature would
 * need adaptive refinement along an unknown curve. Plain Monte Carlo is unbiased with a known
 * error, but one classification costs two full mixture evaluations (≈ 8 µs), so an error small
 * against the binomial SE of a {@code top1_a} would cost minutes per JVM. It was therefore run
 * once: {@value #DRAWS} exact samples per class ({@code GaussianMixture.drawNoisy} at σ = 0 from
 * {@code SplittableRandom(}{@value #SEED}{@code )}, in order), counting those with top-1 class A
 * ({@link #HITS_A} of class A, {@link #HITS_B} of class B). The standard errors, ≈ 2.1e-5, are a
 * thirtieth of the binomial SE of {@code top1_a} at 10,000 samples and a third of it at the
 * 1,000,000-sample maximum; they are carried into {@code top1_tv}'s error. {@code
 * ToyTop1ReferenceTest} repeats the estimate with fresh draws and checks these counts, so a changed
 * ground truth or classifier shows. A∪B follows exactly by linearity, {@code r_A(AB) = π_A r_A(A) +
 * π_B r_A(B)}.
 */
public final class ToyTop1Reference {

  /** Exact samples drawn per class. */
  public static final long DRAWS = 10_000_000;

  /** Seed of each class's draws. */
  public static final long SEED = 0x746f_7031L; // "top1"

  /** Class-A samples of the {@link #DRAWS} with top-1 class A: r_A(A) = 0.9955675. */
  public static final long HITS_A = 9_955_675;

  /** Class-B samples of the {@link #DRAWS} with top-1 class A: r_A(B) = 0.0041751. */
  public static final long HITS_B = 41_751;

  /**
   * A share with its Monte Carlo standard error.
   *
   * @param value r_A
   * @param standardError {@code sqrt(r(1−r)/DRAWS)} (for AB, of the prior-weighted sum)
   */
  public record Share(double value, double standardError) {

    static Share of(long hits) {
      double r = (double) hits / DRAWS;
      return new Share(r, Math.sqrt(r * (1 - r) / DRAWS));
    }
  }

  private static final Share A = Share.of(HITS_A);
  private static final Share B = Share.of(HITS_B);

  private ToyTop1Reference() {}

  /** {@code r_A(c)}: the share of exact class-{@code c} samples classified A. */
  public static Share classifiedA(ToyClass c) {
    return switch (c) {
      case A -> A;
      case B -> B;
      case AB -> {
        double piA = ToyGroundTruth.get().classPrior(ToyClass.A);
        double piB = ToyGroundTruth.get().classPrior(ToyClass.B);
        yield new Share(
            piA * A.value() + piB * B.value(),
            Math.hypot(piA * A.standardError(), piB * B.standardError()));
      }
    };
  }
}
