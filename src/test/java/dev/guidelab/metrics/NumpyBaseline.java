package dev.guidelab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link MetricsBenchmark}'s anchor: numpy timing the same work on the same data in the same run
 * ({@code bench/metrics_reference.py}). The benchmark writes its sets and KID's subsets under
 * {@link #DATA}, records its own times, runs the script (Debian's {@code /usr/bin/python3} with
 * numpy, the same {@code OPENBLAS_NUM_THREADS}) and prints both sides' float64 times, their ratio
 * and whether the values agree.
 */
final class NumpyBaseline {

  /** Where the data for the script, and its results ({@code numpy.json}), go. */
  static final Path DATA = Path.of("target", "metrics-bench");

  private record Row(String work, double guidelab, String numpyKey, String unit) {}

  private record Value(String what, double guidelab, String numpyKey, int index) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<Value> values = new ArrayList<>();

  /** The sets, KID's subsets as drawn for {@code seed}, and the moments' batch for the script. */
  void writeData(double[][] real, double[][] fake, int subsets, int m, long seed, int batch)
      throws IOException {
    Npy.write(DATA.resolve("real.npy"), real);
    Npy.write(DATA.resolve("fake.npy"), fake);
    Npy.write(
        DATA.resolve("kid_real.npy"),
        indices(KernelInceptionDistance.realStream(seed), subsets, real.length, m));
    Npy.write(
        DATA.resolve("kid_fake.npy"),
        indices(KernelInceptionDistance.fakeStream(seed), subsets, fake.length, m));
    Files.writeString(
        DATA.resolve("sizes.json"),
        "{\"moment_batch\": %d, \"blocks\": %d}%n".formatted(batch, FdBlocks.BLOCKS));
  }

  private static double[][] indices(java.util.SplittableRandom rng, int subsets, int n, int m) {
    return Arrays.stream(KernelInceptionDistance.draw(rng, subsets, n, m))
        .map(idx -> Arrays.stream(idx).asDoubleStream().toArray())
        .toArray(double[][]::new);
  }

  /** A Java time (or ms/sample) set against numpy's {@code numpyKey} in numpy.json. */
  void time(String work, double guidelab, String numpyKey, String unit) {
    rows.add(new Row(work, guidelab, numpyKey, unit));
  }

  /** A Java value compared with numpy's {@code numpyKey} in numpy.json. */
  void value(String what, double guidelab, String numpyKey) {
    values.add(new Value(what, guidelab, numpyKey, -1));
  }

  /** A Java value compared with entry {@code index} of numpy's list {@code numpyKey}. */
  void value(String what, double guidelab, String numpyKey, int index) {
    values.add(new Value(what, guidelab, numpyKey, index));
  }

  /** Runs the script and prints the comparison, or why there is none. */
  void runAndCompare() throws IOException, InterruptedException {
    String threads = System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "2");
    System.out.println("\nbench/metrics_reference.py --threads " + threads + ":");
    int exit =
        new ProcessBuilder("/usr/bin/python3", "bench/metrics_reference.py", "--threads", threads)
            .inheritIO()
            .start()
            .waitFor();
    Path results = DATA.resolve("numpy.json");
    if (exit != 0 || !Files.exists(results)) {
      System.out.println(
          "no numpy baseline (exit " + exit + "; it needs /usr/bin/python3 with python3-numpy)");
      return;
    }
    JsonNode numpy = new ObjectMapper().readTree(results.toFile());
    System.out.printf("%nfloat64, the same data and BLAS threads:%n");
    System.out.printf("%-62s %10s %10s %8s%n", "work", "Guidelab", "numpy", "speed-up");
    for (Row r : rows) {
      double np = numpy.get(r.numpyKey()).asDouble();
      System.out.printf(
          "%-62s %8.3f %s %8.3f %s %7.2f×%n",
          r.work(), r.guidelab(), r.unit(), np, r.unit(), np / r.guidelab());
    }
    for (Value v : values) {
      JsonNode node = numpy.get(v.numpyKey());
      double np = (v.index() < 0 ? node : node.get(v.index())).asDouble();
      System.out.printf(
          "  %-22s Guidelab %.12g, numpy %.12g (relative difference %.1e)%n",
          v.what(), v.guidelab(), np, Math.abs(v.guidelab() - np) / Math.abs(np));
    }
  }
}
