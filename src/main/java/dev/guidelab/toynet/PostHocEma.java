package dev.guidelab.toynet;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import java.util.ArrayList;
import java.util.List;
import org.netlib.util.intW;

/**
 * EDM2's post-hoc EMA (Karras et al. 2024, §3 and Appendix C; docs/post-hoc-ema.md): the weights a
 * power-function EMA of any width would have had at a snapshot time, as a linear combination of
 * stored snapshots of other power-function EMAs.
 *
 * <p>A snapshot taken after {@code t} iterations with exponent γ averages the raw weights with the
 * profile {@code p(τ) = (γ+1)τ^γ/t^{γ+1}} on {@code 0 ≤ τ ≤ t} — exactly so for the discrete
 * tracking of {@link PowerFunctionEma}: the weight of the raw weights after iteration τ is {@code
 * ∫_{τ−1}^{τ} p}. Given snapshots {@code (t_i, γ_i, θ_i)} and a target {@code (t, γ)}:
 *
 * <pre>
 *   A_ij = ⟨p_i, p_j⟩,  b_i = ⟨p_i, p_target⟩                     Gram system, snapshots t_i ≤ t
 *   x = argmin ‖A x − b‖ (SVD least squares, LAPACK dgelss)      = argmin ‖Σ x_i p_i − p_target‖²
 *   x ← x / Σ x_i                                    the combined profile integrates to 1 (Alg. 3)
 *   θ = Σ x_i θ_i                                                  in double, rounded to float once
 * </pre>
 *
 * <p>The inner products in closed form, {@code m = min(t_a, t_b)}:
 *
 * <pre>
 *   ⟨p_a, p_b⟩ = ∫_0^m p_a p_b dτ = (γ_a+1)(γ_b+1)/(γ_a+γ_b+1) · (m/t_a)^{γ_a+1} (m/t_b)^{γ_b+1} / m
 * </pre>
 *
 * (EDM2 Eq. 151 and Algorithm 3), written with ratios ≤ 1 so that no power of an iteration count
 * overflows. The Gram matrix of many overlapping profiles is ill-conditioned; like EDM2 ({@code
 * np.linalg.lstsq}) the solve drops singular values below {@code n·ε} of the largest. It runs in
 * netlib's pure-Java LAPACK, so the same snapshots give the same bits on every machine (a
 * reconstruction is stored by its hash).
 */
public final class PostHocEma {

  /**
   * Narrowest profile a reconstruction is offered for: below it the target is much narrower than
   * the σ_rel 0.05 profiles it is made of, and the combination needs large alternating coefficients
   * (EDM2's sweeps start at about this width).
   */
  public static final double MIN_SIGMA_REL = 0.01;

  /**
   * Widest profile a reconstruction is offered for (EDM2's sweeps end at about this width; the
   * widest possible profile, γ = 0, has σ_rel = √(1/12) ≈ 0.289).
   */
  public static final double MAX_SIGMA_REL = 0.25;

  private PostHocEma() {}

  /** The averaging profile of an EMA snapshot: taken after {@code t} iterations, width σ_rel. */
  public record Profile(double t, double sigmaRel) {

    public Profile {
      if (!(t > 0)) {
        throw new IllegalArgumentException("a profile's time must be > 0, got " + t);
      }
      PowerFunctionEma.gamma(sigmaRel); // validates σ_rel
    }

    /** The profile of a toy network's EMA weights (its iteration and σ_rel). */
    public static Profile of(ToyNetwork snapshot) {
      return new Profile(snapshot.info().iteration(), snapshot.info().emaSigmaRel());
    }

    double gamma() {
      return PowerFunctionEma.gamma(sigmaRel);
    }
  }

  /**
   * A reconstruction: the network and the coefficient of every snapshot given (0 for those taken
   * after the target time).
   */
  public record Reconstruction(ToyNetwork network, double[] coefficients) {}

  /** Whether {@code sigmaRel} is in the range reconstructions are offered for. */
  public static boolean supports(double sigmaRel) {
    return sigmaRel >= MIN_SIGMA_REL && sigmaRel <= MAX_SIGMA_REL;
  }

  /**
   * {@code ⟨p_a, p_b⟩ = ∫_0^{min(t_a,t_b)} p_a(τ) p_b(τ) dτ} of two power-function profiles with
   * exponents {@code gammaA}, {@code gammaB} (EDM2 Eq. 151).
   */
  static double innerProduct(double tA, double gammaA, double tB, double gammaB) {
    double m = Math.min(tA, tB);
    return (gammaA + 1)
        * (gammaB + 1)
        / (gammaA + gammaB + 1)
        * Math.pow(m / tA, gammaA + 1)
        * Math.pow(m / tB, gammaB + 1)
        / m;
  }

  /**
   * The coefficients {@code x} with {@code Σ x_i p_i} closest to {@code target} in L2, over the
   * snapshots with {@code t_i ≤ t}, scaled to sum to 1; the others get 0.
   *
   * @throws IllegalArgumentException if no snapshot precedes the target
   */
  public static double[] coefficients(List<Profile> snapshots, Profile target) {
    List<Integer> used = new ArrayList<>();
    for (int i = 0; i < snapshots.size(); i++) {
      if (snapshots.get(i).t() <= target.t()) {
        used.add(i);
      }
    }
    int n = used.size();
    if (n == 0) {
      throw new IllegalArgumentException("no snapshot is taken at or before t = " + target.t());
    }
    // Times in units of the target's: the Gram system scales as 1/t, x does not.
    double[] t = new double[n];
    double[] gamma = new double[n];
    for (int k = 0; k < n; k++) {
      Profile p = snapshots.get(used.get(k));
      t[k] = p.t() / target.t();
      gamma[k] = p.gamma();
    }
    double gammaTarget = target.gamma();
    // Gram matrix A [n, n] (column-major, symmetric) and right-hand side b [n].
    double[] a = new double[n * n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i + j * n] = innerProduct(t[i], gamma[i], t[j], gamma[j]);
      }
      b[i] = innerProduct(t[i], gamma[i], 1, gammaTarget);
    }
    // Least squares by SVD, singular values below n·ε·s_max dropped (numpy's lstsq default).
    double[] singular = new double[n];
    intW rank = new intW(0);
    intW info = new intW(0);
    double[] query = new double[1];
    double rcond = n * Math.ulp(1.0);
    JavaLAPACK.getInstance()
        .dgelss(n, n, 1, a.clone(), n, b.clone(), n, singular, rcond, rank, query, -1, info);
    double[] work = new double[(int) query[0]];
    JavaLAPACK.getInstance()
        .dgelss(n, n, 1, a, n, b, n, singular, rcond, rank, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("post-hoc EMA least squares failed: dgelss info " + info.val);
    }
    // Normalise: Σ x_i = 1, so constant weights are reproduced exactly.
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += b[k];
    }
    double[] x = new double[snapshots.size()];
    for (int k = 0; k < n; k++) {
      x[used.get(k)] = b[k] / sum;
    }
    return x;
  }

  /**
   * The network an EMA of width {@code sigmaRel} would have had after {@code iteration} iterations,
   * from snapshots of one training run: {@code θ = Σ x_i θ_i} accumulated in double, rounded to
   * float once.
   *
   * @throws IllegalArgumentException if the snapshots are not of one run (architecture, classes,
   *     seed, batch) or none precedes the target
   */
  public static Reconstruction reconstruct(
      List<ToyNetwork> snapshots, long iteration, double sigmaRel) {
    if (snapshots.isEmpty()) {
      throw new IllegalArgumentException("a reconstruction needs at least one snapshot");
    }
    ToyNetwork first = snapshots.get(0);
    List<Profile> profiles = new ArrayList<>();
    for (ToyNetwork s : snapshots) {
      ToyNetInfo info = s.info();
      if (!s.config().equals(first.config())
          || info.classes() != first.info().classes()
          || info.trainingSeed() != first.info().trainingSeed()
          || info.batchSize() != first.info().batchSize()) {
        throw new IllegalArgumentException("snapshots of different training runs: " + info);
      }
      profiles.add(Profile.of(s));
    }
    double[] x = coefficients(profiles, new Profile(iteration, sigmaRel));
    int linear = first.config().linearCount();
    double[][] theta = new double[linear][];
    double gain = 0;
    for (int l = 0; l < linear; l++) {
      theta[l] = new double[first.config().hidden() * first.config().fanIn(l)];
    }
    for (int i = 0; i < snapshots.size(); i++) {
      if (x[i] == 0) {
        continue;
      }
      ToyNetwork s = snapshots.get(i);
      for (int l = 0; l < linear; l++) {
        float[] w = s.weights(l);
        for (int j = 0; j < w.length; j++) {
          theta[l][j] += x[i] * w[j];
        }
      }
      gain += x[i] * s.gain();
    }
    float[][] w = new float[linear][];
    for (int l = 0; l < linear; l++) {
      w[l] = new float[theta[l].length];
      for (int j = 0; j < w[l].length; j++) {
        w[l][j] = (float) theta[l][j];
      }
    }
    ToyNetInfo info =
        new ToyNetInfo(
            first.info().classes(),
            iteration,
            sigmaRel,
            first.info().trainingSeed(),
            first.info().batchSize(),
            Double.NaN);
    return new Reconstruction(ToyNetwork.of(first.config(), w, (float) gain, info), x);
  }
}
