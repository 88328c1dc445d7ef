package dev.guidelab.toy;

/**
 * The toy's perfect "classifier head": the exact class posterior of the A∪B ground truth
 * (docs/toy.md), for the Top-1 class diagnostic of docs/metrics.md (Kynkäänniemi et al. 2023, "The
 * Role of ImageNet Classes in Fréchet Inception Distance"). By Bayes' rule
 *
 * <pre>P(c | x) = π_c p_c(x) / p_AB(x),   top-1(x) = argmax_{c ∈ {A, B}} log π_c + log p_c(x),
 * </pre>
 *
 * with priors π_c = the class's total {@code w_in_AB} weight ({@link ToyGroundTruth#classPrior}).
 * With two classes the arg-max is the sign of the log posterior odds {@code log π_A p_A(x) − log
 * π_B p_B(x)}; a tie goes to A, the lower class index (as {@code metrics.TopN}). Immutable and
 * thread-safe.
 */
public final class ToyClassifier {

  private static final ToyClassifier INSTANCE = new ToyClassifier(ToyGroundTruth.get());

  private final GaussianMixture classA;
  private final GaussianMixture classB;
  private final double logPriorOdds; // log π_A − log π_B

  private ToyClassifier(ToyGroundTruth truth) {
    classA = truth.mixture(ToyClass.A);
    classB = truth.mixture(ToyClass.B);
    logPriorOdds = Math.log(truth.classPrior(ToyClass.A)) - Math.log(truth.classPrior(ToyClass.B));
  }

  /** The classifier of the shipped ground truth. */
  public static ToyClassifier get() {
    return INSTANCE;
  }

  /**
   * Log posterior odds {@code log P(A|x) − log P(B|x)} from the class log-densities at σ = 0; NaN
   * where undefined (a NaN sample, or one so far away that both densities underflow to 0).
   */
  public double logOdds(double logPA, double logPB) {
    return logPriorOdds + logPA - logPB;
  }

  /** Log posterior odds for each sample of {@code x} ({@code [n, 2]} row-major); {@code [n]}. */
  public double[] logOdds(double[] x) {
    double[] logPA = classA.logDensities(x); // [n]
    double[] logPB = classB.logDensities(x); // [n]
    double[] odds = new double[logPA.length];
    for (int i = 0; i < odds.length; i++) {
      odds[i] = logOdds(logPA[i], logPB[i]);
    }
    return odds;
  }

  /** The Top-1 class for log posterior odds {@code logOdds}: A when ≥ 0; NaN is undefined. */
  public static ToyClass top1(double logOdds) {
    if (Double.isNaN(logOdds)) {
      throw new IllegalArgumentException("the top-1 class of an undefined posterior");
    }
    return logOdds >= 0 ? ToyClass.A : ToyClass.B;
  }
}
