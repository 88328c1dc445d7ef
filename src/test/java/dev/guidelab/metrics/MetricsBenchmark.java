package dev.guidelab.metrics;

import java.util.SplittableRandom;

/**
 * Wall-clock timings of the metrics at realistic sizes (no JMH; a rough guide, best of a few runs
 * after one warm-up). Run with {@code java -cp target/classes:target/test-classes
 * dev.guidelab.metrics.MetricsBenchmark [--full]}: the default uses N = 2,000 at d = 2048 for the
 * k-NN metrics, d = 256 for FD and 10 KID subsets; {@code --full} uses d = 2048, 10k × 10k and 100
 * subsets (tens of minutes on 2 cores: measured KID 100 subsets at d = 2048 ≈ 412 s).
 */
public final class MetricsBenchmark {

  private MetricsBenchmark() {}

  public static void main(String[] args) {
    boolean full = args.length > 0 && args[0].equals("--full");
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "java %s on %s %s, %d cores, max heap %d MiB%n",
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20);
    SplittableRandom rng = new SplittableRandom(1);

    // Toy: one full k-NN + KID checkpoint at 10k × 10k in 2-D.
    ToyMetrics toy = new ToyMetrics();
    double[] toySamples = new double[2 * ToyMetrics.KNN_SAMPLES];
    for (int i = 0; i < toySamples.length; i++) {
      toySamples[i] = 0.5 * KernelInceptionDistanceTest.gauss(rng);
    }
    ToyReferenceSamples.get();
    toy.accept(toySamples);
    time("toy values() at 10k × 10k (P/R, D/C, KID, jackknife)", 1, toy::values);

    // FD at d = 2048: factored reference vs the uncached route (pure-Java Jacobi).
    int d = full ? 2048 : 256;
    double[][] s1 = randomCovariance(rng, d);
    double[][] s2 = randomCovariance(rng, d);
    double[] mu = new double[d];
    FrechetDistance.Reference ref = new FrechetDistance.Reference(mu, s1);
    time("FD d=" + d + " cached reference", 1, () -> ref.distanceTo(mu, s2));
    time(
        "FD d=" + d + " uncached (factor + evaluate)",
        1,
        () -> FrechetDistance.between(mu, s1, mu, s2));

    // KID and P/R on feature-sized sets.
    int n = full ? 10_000 : 2_000;
    double[][] a = KernelInceptionDistanceTest.gaussian(rng, n, 2048, 0);
    double[][] b = KernelInceptionDistanceTest.gaussian(rng, n, 2048, 0.01);
    time(
        "KID " + n + "×" + n + " d=2048 (100 subsets)",
        1,
        () -> KernelInceptionDistance.compute(a, b, 1));
    time("P/R k=3 " + n + "×" + n + " d=2048", 1, () -> PrecisionRecall.compute(a, b));
  }

  private static double[][] randomCovariance(SplittableRandom rng, int d) {
    // Σ = GGᵀ/d + I with Gaussian G, [d][d].
    double[][] g = KernelInceptionDistanceTest.gaussian(rng, d, d, 0);
    double[][] s = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
          sum += g[i][k] * g[j][k];
        }
        s[i][j] = s[j][i] = sum / d + (i == j ? 1 : 0);
      }
    }
    return s;
  }

  private static void time(String what, int runs, Runnable body) {
    long best = Long.MAX_VALUE;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      body.run();
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf("%-55s %10.3f s%n", what, best / 1e9);
  }
}
