package dev.guidelab.metrics;

import dev.guidelab.djl.DjlEngine;
import dev.guidelab.metrics.device.TorchProducts;
import java.util.SplittableRandom;

/**
 * The metrics' products ({@link MatrixProducts}) at their real sizes, BLAS against libtorch in
 * float64 ({@link TorchProducts}) on the DJL engine's device — the CPU here: no GPU is available to
 * this project, so this measures the device path's overhead on a CPU (copies in and out, no
 * symmetric kernels, libtorch's own GEMM), where it is not expected to win and the worker keeps
 * BLAS. Best of a few runs after one warm-up; also the largest difference from BLAS, relative to
 * the largest entry. Run as the other benchmarks (README, "Benchmarks"), with {@code
 * dev.guidelab.metrics.DeviceProductsBenchmark}; libtorch takes {@code ai.djl.pytorch.num_threads}
 * intra-op threads (1 unless {@code -Dai.djl.pytorch.num_threads=2}).
 */
public final class DeviceProductsBenchmark {

  private DeviceProductsBenchmark() {}

  public static void main(String[] args) {
    MatrixProducts blas = MetricProducts.blas();
    MatrixProducts torch = new TorchProducts(DjlEngine.manager());
    System.out.printf(
        "%s; OPENBLAS_NUM_THREADS=%s OPENBLAS_CORETYPE=%s; %s%n",
        blas.describe(),
        System.getenv("OPENBLAS_NUM_THREADS"),
        System.getenv("OPENBLAS_CORETYPE"),
        DjlEngine.describe());
    System.out.println("native libraries: " + BenchMachine.blasLibraries());
    System.out.println(
        "cpu: "
            + BenchMachine.cpu()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores; load average "
            + BenchMachine.loadAverage());
    System.out.printf("%-58s %10s %10s %9s%n", "product", "BLAS", torch.describe(), "max diff");
    SplittableRandom rng = new SplittableRandom(1);
    int d = 2048;
    int tile = NearestNeighbours.TILE;
    int subsets = KernelInceptionDistance.DEFAULT_SUBSETS;
    double[] a = random(rng, tile * d);
    double[] b = random(rng, tile * d);
    double[] y = random(rng, MomentAccumulator.CHUNK * d);
    double[] sa = random(rng, d * d);
    double[] sb = random(rng, d * d);
    double[] k = random(rng, tile * tile);
    double[] member = new double[2 * tile * subsets];
    for (int i = 0; i < member.length; i++) {
      member[i] = rng.nextInt(10) == 0 ? 1 : 0;
    }
    compare(
        "moments: rank-64 update at d = 2048 (one 64-sample chunk)",
        5,
        p -> {
          double[] q = new double[d * d];
          p.addOuterProducts(y, MomentAccumulator.CHUNK, d, q);
          return q;
        },
        blas,
        torch);
    compare(
        "k-NN/KID/scores: inner products 1024 × 1024 × 2048",
        3,
        p -> {
          double[] c = new double[tile * tile];
          p.innerProducts(a, tile, b, tile, d, c);
          return c;
        },
        blas,
        torch);
    compare(
        "k-NN/KID: Gram block 1024 × 2048 (upper triangle)",
        3,
        p -> {
          double[] c = new double[tile * tile];
          p.gram(a, tile, d, c);
          return c;
        },
        blas,
        torch);
    compare(
        "KID: kernel tile 1024 × 1024 by 100 subsets' membership",
        3,
        p -> {
          double[] t = new double[tile * subsets];
          p.kernelByMembership(k, tile, tile, member, 2 * tile, tile, subsets, t);
          return t;
        },
        blas,
        torch);
    compare(
        "KID: the same, added into per-sample sums",
        3,
        p -> {
          double[] sums = new double[tile * subsets];
          p.addKernelByMembership(k, tile, tile, member, 2 * tile, tile, subsets, sums, 0);
          return sums;
        },
        blas,
        torch);
    compare(
        "FD (eigen route): d×d product at d = 2048", 2, p -> p.multiply(sa, sb, d), blas, torch);
  }

  private interface Product {
    double[] run(MatrixProducts p);
  }

  private static void compare(
      String what, int runs, Product product, MatrixProducts blas, MatrixProducts torch) {
    double[][] out = new double[2][];
    double tBlas = time(runs, () -> out[0] = product.run(blas));
    double tTorch = time(runs, () -> out[1] = product.run(torch));
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < out[0].length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(out[0][i]));
      maxDiff = Math.max(maxDiff, Math.abs(out[0][i] - out[1][i]));
    }
    System.out.printf(
        "%-58s %8.1f ms %8.1f ms %9.1e%n", what, tBlas * 1e3, tTorch * 1e3, maxDiff / maxAbs);
  }

  private static double time(int runs, Runnable body) {
    body.run();
    long best = Long.MAX_VALUE;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      body.run();
      best = Math.min(best, System.nanoTime() - t0);
    }
    return best / 1e9;
  }

  private static double[] random(SplittableRandom rng, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextGaussian();
    }
    return x;
  }
}
