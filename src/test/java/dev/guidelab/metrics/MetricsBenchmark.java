package dev.guidelab.metrics;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Wall-clock timings of the metrics at realistic sizes, each against a baseline measured in the
 * same run (no JMH; a rough guide, best of a few runs after one warm-up). Run with {@code java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt) dev.guidelab.metrics.MetricsBenchmark
 * [--full]}: {@code --full} uses d = 2048, 10k × 10k and 100 KID subsets (about 13 minutes with
 * numpy's side on 2 loaded cores with native OpenBLAS, most of it the pure-Java FD baseline); the
 * default d = 512, 2k × 2k and 10 subsets.
 *
 * <p>Baselines: FD with the reference factor cached vs factored per call, the cached Cholesky route
 * vs the cached eigen route, and netlib's native LAPACK vs its pure-Java fallback; KID, the k-NN
 * metrics and the per-sample scores by BLAS blocks vs the direct row-by-row loop. The direct routes
 * are too slow at full size, so they run on a fraction (KID: a few subsets; P/R: a smaller N;
 * scores: fewer samples) and are scaled up (linearly in subsets or samples; by (N/n)² for P/R),
 * which the output says. KID and the k-NN metrics are also timed as a run's checkpoints compute
 * them ({@link KernelSums}, {@link KnnLists}, {@link ManifoldCounts}): from scratch, with the
 * reference's part kept, and grown from 2N/3 samples to N. The moments of FD's 20 blocks are timed
 * by rank-64 updates vs the former per-sample update. At the end numpy times the same work on the
 * same data ({@link NumpyBaseline}, {@code bench/metrics_reference.py}), and both sides' times are
 * set against each other.
 */
public final class MetricsBenchmark {

  /** Samples per batch of the moments, as the worker's default batch. */
  private static final int MOMENT_BATCH = 1000;

  private MetricsBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    boolean full = args.length > 0 && args[0].equals("--full");
    Runtime rt = Runtime.getRuntime();
    LinearAlgebra best = LinearAlgebra.best();
    System.out.printf(
        "java %s (%s) on %s %s, %d cores, max heap %d MiB%n",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20);
    System.out.printf(
        "netlib: %s (native: %s); OPENBLAS_CORETYPE=%s OPENBLAS_NUM_THREADS=%s"
            + " OMP_NUM_THREADS=%s; common ForkJoin parallelism %d%n",
        best.describe(),
        best.isNative(),
        System.getenv("OPENBLAS_CORETYPE"),
        System.getenv("OPENBLAS_NUM_THREADS"),
        System.getenv("OMP_NUM_THREADS"),
        ForkJoinPool.commonPool().getParallelism());
    System.out.println("native libraries: " + BenchMachine.blasLibraries());
    System.out.println(
        "cpu: " + BenchMachine.cpu() + "; load average " + BenchMachine.loadAverage());
    SplittableRandom rng = new SplittableRandom(1);

    // Toy: one full k-NN + KID checkpoint at 10k × 10k in 2-D (direct route, d < 17).
    ToyMetrics toy = new ToyMetrics();
    double[] toySamples = new double[2 * ToyMetrics.KNN_SAMPLES];
    for (int i = 0; i < toySamples.length; i++) {
      toySamples[i] = 0.5 * KernelInceptionDistanceTest.gauss(rng);
    }
    ToyReferenceSamples.get();
    toy.accept(toySamples);
    time("toy values() at 10k × 10k (P/R, D/C, KID, jackknife)", 1, toy::values);

    // FD: cached reference vs uncached, native LAPACK vs pure Java.
    int d = full ? 2048 : 512;
    double[][] s1 = randomCovariance(rng, d);
    double[][] s2 = randomCovariance(rng, d);
    double[] mu = new double[d];
    LinearAlgebra pureJava = LinearAlgebra.pureJava();
    for (LinearAlgebra la :
        best.isNative() ? new LinearAlgebra[] {best, pureJava} : new LinearAlgebra[] {pureJava}) {
      String route = la.isNative() ? "native" : "pure Java";
      int runs = la.isNative() ? 3 : 1;
      double[] value = new double[1];
      double factor =
          time(
              "FD d=" + d + " " + route + ": factor reference (once)",
              runs,
              () -> new FrechetDistance.Reference(mu, s1, la));
      FrechetDistance.Reference ref = new FrechetDistance.Reference(mu, s1, la);
      double cached =
          time(
              "FD d=" + d + " " + route + ": cached reference, per evaluation",
              runs,
              () -> value[0] = ref.distanceTo(mu, s2));
      double uncached =
          time(
              "FD d=" + d + " " + route + ": uncached (factor + evaluate)",
              runs,
              () -> FrechetDistance.between(mu, s1, mu, s2, la));
      FrechetDistance.Reference eigenRef = new FrechetDistance.Reference(mu, s1, la, false);
      double[] eigenValue = new double[1];
      double eigen =
          time(
              "FD d=" + d + " " + route + ": cached R = Σ^½ (eigen route), per evaluation",
              runs,
              () -> eigenValue[0] = eigenRef.distanceTo(mu, s2));
      System.out.printf(
          "  FD = %.12f (eigen route %.12f); cached is %.1f× faster than uncached (factor alone"
              + " %.3f s); Cholesky route %.1f× faster than the eigen route%n",
          value[0], eigenValue[0], uncached / cached, factor, eigen / cached);
    }

    // KID and the k-NN metrics on feature-sized sets at d = 2048.
    int n = full ? 10_000 : 2_000;
    int subsets = full ? 100 : 10;
    int m = Math.min(n, KernelInceptionDistance.DEFAULT_MAX_SUBSET_SIZE);
    double[][] a = KernelInceptionDistanceTest.gaussian(rng, n, 2048, 0);
    double[][] b = KernelInceptionDistanceTest.gaussian(rng, n, 2048, 0.01);
    NumpyBaseline numpy = new NumpyBaseline();
    numpy.writeData(a, b, subsets, m, 1, MOMENT_BATCH);

    // Moments: the samples of a into FD's blocks in batches, against the former per-sample update.
    double[][] identity = new double[2048][2048];
    for (int i = 0; i < 2048; i++) {
      identity[i][i] = 1;
    }
    FrechetDistance.Reference white = new FrechetDistance.Reference(new double[2048], identity);
    double[][] batches = new double[(n + MOMENT_BATCH - 1) / MOMENT_BATCH][];
    for (int i = 0; i < batches.length; i++) {
      int rows = Math.min(MOMENT_BATCH, n - i * MOMENT_BATCH);
      batches[i] = new double[rows * 2048];
      LinearAlgebra.pack(a, null, i * MOMENT_BATCH, i * MOMENT_BATCH + rows, 2048, batches[i]);
    }
    double blocked =
        time(
            "moments " + n + " samples d=2048, " + FdBlocks.BLOCKS + " blocks, batches of 1000",
            3,
            () -> {
              FdBlocks blocks = new FdBlocks(white, FdBlocks.Rules.FEATURES, n, false);
              for (double[] batch : batches) {
                blocks.accept(batch, 2048);
              }
            });
    int few = 100;
    double[] sink = new double[1];
    double perSample =
        time(
            "moments, former per-sample update, " + few + " samples measured",
            1,
            () -> sink[0] = perSampleMoments(a, few));
    System.out.printf(
        "moments d=2048 (%d blocks, rank-%d updates): %.3f ms/sample; former per-sample update"
            + " %.2f ms/sample → %.1f× faster (checksum %.3g)%n",
        FdBlocks.BLOCKS,
        MomentAccumulator.CHUNK,
        blocked / n * 1e3,
        perSample / few * 1e3,
        (perSample / few) / (blocked / n),
        sink[0]);
    numpy.time(
        "moments, 20 blocks, batches of 1,000 (per sample)",
        blocked / n * 1e3,
        "moments_ms_per_sample",
        "ms");

    KernelInceptionDistance.Estimate[] kid = new KernelInceptionDistance.Estimate[1];
    double kidGemm =
        time(
            "KID " + n + "×" + n + " d=2048 (" + subsets + " subsets of " + m + "), BLAS",
            1,
            () -> kid[0] = KernelInceptionDistance.compute(a, b, subsets, m, 1, best));
    int directSubsets = full ? 5 : subsets;
    double kidDirect =
        time(
            "KID direct, " + directSubsets + " subsets measured",
            1,
            () -> KernelInceptionDistance.compute(a, b, directSubsets, m, 1, null));
    double kidDirectAll = kidDirect * subsets / directSubsets;
    System.out.printf(
        "  KID = %.6g ± %.2g; direct for %d subsets %s %.1f s → BLAS %.1f× faster%n",
        kid[0].mean(),
        kid[0].std(),
        subsets,
        directSubsets == subsets ? "measured" : "extrapolated (linear in subsets)",
        kidDirectAll,
        kidDirectAll / kidGemm);
    numpy.time("KID from scratch", kidGemm, "kid_s", "s");
    numpy.value("KID", kid[0].mean(), "kid");
    ReferenceSet reference = new ReferenceSet(a);
    time(
        "KID checkpoint at " + n + " (100 subsets), reference's subsets computed",
        1,
        () -> new KernelSums(reference, best).estimate(b, n));
    double kidKept =
        time(
            "KID checkpoint at " + n + ", reference's subsets kept",
            1,
            () -> new KernelSums(reference, best).estimate(b, n));
    numpy.time("KID of a run's samples (the reference's subsets kept)", kidKept, "kid_s", "s");
    KernelSums grown = new KernelSums(reference, best);
    grown.estimate(b, 2 * n / 3);
    time(
        "KID checkpoint " + 2 * n / 3 + " → " + n + " (incremental)",
        1,
        () -> grown.estimate(b, n));

    double refBalls =
        time(
            "reference k = 3 and k = 5 balls (once per reference)",
            1,
            reference::densityCoverageBalls);
    PrecisionRecall.Result[] pr = new PrecisionRecall.Result[1];
    DensityCoverage.Result[] dc = new DensityCoverage.Result[1];
    double manifold =
        time(
            "P/R k=3 + D/C k=5 " + n + "×" + n + " d=2048 checkpoint from scratch",
            1,
            () -> {
              KnnLists lists = new KnnLists(PrecisionRecall.DEFAULT_K, best);
              lists.grow(b, n);
              ManifoldCounts counts = new ManifoldCounts(reference, best);
              counts.grow(b, n, lists.squaredRadii(PrecisionRecall.DEFAULT_K));
              pr[0] = counts.precisionRecall();
              dc[0] = counts.densityCoverage();
            });
    KnnLists lists = new KnnLists(PrecisionRecall.DEFAULT_K, best);
    ManifoldCounts counts = new ManifoldCounts(reference, best);
    lists.grow(b, 2 * n / 3);
    counts.grow(b, 2 * n / 3, lists.squaredRadii(PrecisionRecall.DEFAULT_K));
    time(
        "P/R + D/C checkpoint " + 2 * n / 3 + " → " + n + " (incremental)",
        1,
        () -> {
          lists.grow(b, n);
          counts.grow(b, n, lists.squaredRadii(PrecisionRecall.DEFAULT_K));
        });
    int nDirect = full ? 2_000 : n;
    double[][] aSmall = java.util.Arrays.copyOf(a, nDirect);
    double[][] bSmall = java.util.Arrays.copyOf(b, nDirect);
    double prDirect =
        time(
            "P/R k=3 direct, " + nDirect + "×" + nDirect + " measured",
            1,
            () -> {
              int k = PrecisionRecall.DEFAULT_K;
              NearestNeighbours.Balls r =
                  new NearestNeighbours.Balls(
                      aSmall, NearestNeighbours.squaredRadii(aSmall, k, null), k);
              NearestNeighbours.Balls f =
                  new NearestNeighbours.Balls(
                      bSmall, NearestNeighbours.squaredRadii(bSmall, k, null), k);
              PrecisionRecall.insideShare(bSmall, r, false, null);
              PrecisionRecall.insideShare(aSmall, f, false, null);
            });
    double scale = Math.pow((double) n / nDirect, 2);
    System.out.printf(
        "  P/R = %.4f / %.4f, D/C = %.4f / %.4f; direct P/R at %d×%d %s %.1f s → screened P/R"
            + " and D/C with the reference balls %.1f× faster%n",
        pr[0].precision(),
        pr[0].recall(),
        dc[0].density(),
        dc[0].coverage(),
        n,
        n,
        nDirect == n ? "measured" : "extrapolated ×(N/n)² = ×" + (int) scale,
        prDirect * scale,
        prDirect * scale / (refBalls + manifold));
    numpy.time("P/R + D/C, the reference's balls included", refBalls + manifold, "prdc_s", "s");
    numpy.time("P/R + D/C in a run (the reference's balls kept)", manifold, "prdc_s", "s");
    numpy.value("precision", pr[0].precision(), "prdc", 0);
    numpy.value("recall", pr[0].recall(), "prdc", 1);
    numpy.value("density", dc[0].density(), "prdc", 2);
    numpy.value("coverage", dc[0].coverage(), "prdc", 3);
    NearestNeighbours.Balls balls = reference.precisionRecallBalls();
    double[][][] scored = new double[1][][];
    double scores =
        time(
            "realism + rarity of " + n + " samples, screened",
            1,
            () -> scored[0] = ScoreScan.scores(balls, b, best));
    numpy.time(
        "realism + rarity, the reference's balls included", refBalls + scores, "scores_s", "s");
    numpy.time("realism + rarity in a run (the reference's balls kept)", scores, "scores_s", "s");
    double[] realism = Arrays.stream(scored[0][0]).filter(v -> !Double.isNaN(v)).toArray();
    numpy.value("median realism", Realism.percentile(realism, 50), "realism_median");
    numpy.value(
        "mean rarity",
        Arrays.stream(scored[0][1]).filter(v -> !Double.isNaN(v)).average().orElseThrow(),
        "rarity_mean");
    int scoredDirect = full ? 500 : n;
    double[][] bScored = java.util.Arrays.copyOf(b, scoredDirect);
    double scoresDirect =
        time(
            "realism + rarity direct, " + scoredDirect + " samples measured",
            1,
            () -> {
              Realism.dgmEval(balls, bScored);
              Rarity.scores(balls, bScored);
            });
    System.out.printf(
        "  direct for %d samples %s %.1f s → screened %.1f× faster%n",
        n,
        scoredDirect == n ? "measured" : "extrapolated (linear in samples)",
        scoresDirect * n / scoredDirect,
        scoresDirect * n / scoredDirect / scores);
    System.out.println("load average at the end " + BenchMachine.loadAverage());
    numpy.runAndCompare();
  }

  /**
   * The former update, the baseline: for each sample {@code S += x}, {@code Q += x xᵀ} (upper
   * triangle, d²/2 multiply-adds) about c = 0; returns a checksum so the loop is not optimised
   * away.
   */
  private static double perSampleMoments(double[][] x, int count) {
    int d = x[0].length;
    double[] s = new double[d];
    double[] q = new double[d * d];
    for (int i = 0; i < count; i++) {
      double[] y = x[i];
      for (int a = 0; a < d; a++) {
        s[a] += y[a];
        double ya = y[a];
        for (int b = a; b < d; b++) {
          q[a * d + b] += ya * y[b];
        }
      }
    }
    return s[0] + q[d * d - 1];
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

  /** Best of {@code runs} wall-clock seconds (after one untimed warm-up when runs > 1). */
  private static double time(String what, int runs, Runnable body) {
    if (runs > 1) {
      body.run();
    }
    long best = Long.MAX_VALUE;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      body.run();
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf("%-62s %10.3f s%n", what, best / 1e9);
    return best / 1e9;
  }
}
