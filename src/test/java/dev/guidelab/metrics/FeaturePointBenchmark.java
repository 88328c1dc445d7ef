package dev.guidelab.metrics;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a feature-space point spends in its metrics, driven as the worker drives them ({@code
 * worker.SweepPoints}: a batch of features in, then its report's standard errors and values): by
 * default 50,000 samples at d = 2048 in batches of 1,000 asking for {@code fd} and {@code
 * fd_debiased}, against a reference with a full covariance (the moments of 10,000 Gaussian
 * samples). The features are drawn outside the timing. Run with {@code java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt)
 * dev.guidelab.metrics.FeaturePointBenchmark [samples [d]]}.
 */
public final class FeaturePointBenchmark {

  private static final int BATCH = 1000;

  private FeaturePointBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    LinearAlgebra la = LinearAlgebra.best();
    System.out.printf(
        "%d cores, %s, OPENBLAS_NUM_THREADS=%s; cpu %s; load average %s%n",
        Runtime.getRuntime().availableProcessors(),
        la.describe(),
        System.getenv("OPENBLAS_NUM_THREADS"),
        BenchMachine.cpu(),
        BenchMachine.loadAverage());
    SplittableRandom rng = new SplittableRandom(7);
    MomentAccumulator referenceMoments = new MomentAccumulator();
    referenceMoments.accept(features(rng, 10_000, d, 0), d);
    FrechetDistance.Reference reference =
        new FrechetDistance.Reference(referenceMoments.mean(), referenceMoments.covariance());

    FeatureSpaceMetrics metrics =
        new FeatureSpaceMetrics(n, List.of(Metric.FD, Metric.FD_DEBIASED), reference, null, null);
    long accepting = 0;
    long reporting = 0; // every report but the last
    long last = 0; // the last report: fd and the jackknife's 21 distances
    Map<Metric, Double> values = Map.of();
    for (int done = 0; done < n; done += BATCH) {
      double[] batch = features(rng, Math.min(BATCH, n - done), d, 0.01);
      long start = System.nanoTime();
      metrics.accept(batch, d);
      long accepted = System.nanoTime();
      metrics.standardErrors();
      values = metrics.values();
      long reported = System.nanoTime();
      accepting += accepted - start;
      if (done + BATCH < n) {
        reporting += reported - accepted;
      } else {
        last = reported - accepted;
      }
    }
    int reports = (n + BATCH - 1) / BATCH;
    System.out.printf(
        "point of %d samples d=%d (fd, fd_debiased), %d reports: moments %.1f s (%.3f ms/sample),"
            + " %d reports with fd %.1f s (%.2f s each), the last with fd_debiased %.1f s; metrics"
            + " %.1f s in all%n",
        n,
        d,
        reports,
        accepting / 1e9,
        accepting / 1e6 / n,
        reports - 1,
        reporting / 1e9,
        reporting / 1e9 / Math.max(1, reports - 1),
        last / 1e9,
        (accepting + reporting + last) / 1e9);
    System.out.printf(
        "  fd = %.4f, fd_debiased = %.4f; load average at the end %s%n",
        values.get(Metric.FD), values.get(Metric.FD_DEBIASED), BenchMachine.loadAverage());
  }

  /** {@code m} samples of N(shift, I), {@code [m, d]} row-major. */
  private static double[] features(SplittableRandom rng, int m, int d, double shift) {
    double[] x = new double[m * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = shift + KernelInceptionDistanceTest.gauss(rng);
    }
    return x;
  }
}
