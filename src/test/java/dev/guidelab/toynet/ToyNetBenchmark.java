package dev.guidelab.toynet;

import dev.guidelab.djl.DjlEngine;
import dev.guidelab.guidance.GuidedDenoiser;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.Evaluation;
import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyOracleDenoiser;

/**
 * Timings of the toy networks on this machine (no JUnit): denoiser throughput at batch 8192 for H =
 * 64 and 32 against the exact oracle, and training times of the reference models (main A-64 for
 * 4096 iterations — estimated from a prefix unless {@code --full} — and the guides A-32 and AB-32
 * for 512 iterations), all at batch 4096 on one intra-op thread.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.guidelab.toynet.ToyNetBenchmark [--full] [--main-iterations N]
 * </pre>
 */
public final class ToyNetBenchmark {

  private ToyNetBenchmark() {}

  public static void main(String[] args) {
    boolean full = false;
    int mainIterations = 256;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--full")) {
        full = true;
      } else if (args[i].equals("--main-iterations")) {
        mainIterations = Integer.parseInt(args[++i]);
      }
    }
    if (full) {
      mainIterations = 4096;
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "machine: %d cores, %s %s (%s), max heap %d MB%n",
        rt.availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("os.arch"),
        rt.maxMemory() >> 20);
    System.out.println("engine: " + DjlEngine.describe());

    // Denoiser throughput, batch 8192, σ cycling through the sampler's schedule.
    int n = 8192;
    double[] x = new double[2 * n];
    for (int k = 0; k < n; k++) {
      ToyClassesHolder.A.drawNoisy(SampleRandom.forSample(1, k), 0.3, x, 2 * k);
    }
    double[] sigmas = dev.guidelab.sampling.NoiseSchedule.sigmas(SamplerSettings.defaults());
    Evaluation eval = Evaluation.standalone(n, 0);
    for (int h : new int[] {64, 32}) {
      Denoiser net =
          new ToyNetDenoiser(ToyNetwork.initial(ToyNetConfig.of(h), ToyClass.A, 1).withGain(1f));
      report("toy net H=" + h, net, x, sigmas, eval, 10, 40);
    }
    report("exact oracle A", new ToyOracleDenoiser(ToyClass.A), x, sigmas, eval, 2, 8);

    // Full 32-step Heun sampling runs: the autoguided reference models (w = 2.5) against the exact
    // oracle, the baseline of the same run.
    Denoiser autoguided =
        new GuidedDenoiser(
            new ToyNetDenoiser(builtin("toy-mlp:A-64-4096")),
            new ToyNetDenoiser(builtin("toy-mlp:A-32-512")),
            2.5);
    sample("autoguided nets", autoguided, 8192);
    sample("exact oracle A", new ToyOracleDenoiser(ToyClass.A), 1024);

    // Batch drawing alone (exact samples and scores, Java, one thread).
    ScoreBatches batchesA = new ScoreBatches(ToyClass.A, false);
    ScoreBatches batchesAb = new ScoreBatches(ToyClass.AB, false);
    for (int it = 0; it < 3; it++) {
      batchesA.draw(SampleRandom.forSample(0, it), 4096);
    }
    long t0 = System.nanoTime();
    for (int it = 0; it < 10; it++) {
      batchesA.draw(SampleRandom.forSample(0, it), 4096);
    }
    double drawA = (System.nanoTime() - t0) / 1e9 / 10;
    t0 = System.nanoTime();
    for (int it = 0; it < 10; it++) {
      batchesAb.draw(SampleRandom.forSample(0, it), 4096);
    }
    double drawAb = (System.nanoTime() - t0) / 1e9 / 10;
    System.out.printf(
        "exact batch of 4096 (draw + score, Java): A %.1f ms, AB %.1f ms%n",
        drawA * 1e3, drawAb * 1e3);

    // Training.
    train("main A-64", ToyNetConfig.of(64), ToyClass.A, mainIterations);
    train("guide A-32", ToyNetConfig.of(32), ToyClass.A, 512);
    train("guide AB-32", ToyNetConfig.of(32), ToyClass.AB, 512);
    System.exit(0);
  }

  private static final class ToyClassesHolder {
    static final dev.guidelab.toy.GaussianMixture A =
        dev.guidelab.toy.ToyGroundTruth.get().mixture(ToyClass.A);
  }

  private static void report(
      String name,
      Denoiser net,
      double[] x,
      double[] sigmas,
      Evaluation eval,
      int warmup,
      int timed) {
    for (int i = 0; i < warmup; i++) {
      net.denoise(x, sigmas[i % (sigmas.length - 1)], eval);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < timed; i++) {
      net.denoise(x, sigmas[i % (sigmas.length - 1)], eval);
    }
    double seconds = (System.nanoTime() - t0) / 1e9 / timed;
    System.out.printf(
        "%-16s batch %d: %7.2f ms/evaluation, %6.1f evaluations/s, %.2e samples/s%n",
        name, x.length / 2, seconds * 1e3, 1 / seconds, x.length / 2.0 / seconds);
  }

  private static ToyNetwork builtin(String name) {
    BuiltinModels.Builtin builtin =
        BuiltinModels.ALL.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    try (java.io.InputStream in = ToyNetBenchmark.class.getResourceAsStream(builtin.resource())) {
      return ToyNetwork.fromBytes(in.readAllBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void sample(String name, Denoiser net, int count) {
    EdmSampler sampler = new EdmSampler(SamplerSettings.defaults(), net, null);
    sampler.sample(0, 0, Math.min(count, 512)); // warm-up
    long t0 = System.nanoTime();
    sampler.sample(1, 0, count);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "%-16s 32-step Heun, %d samples: %.2f s, %.0f samples/s%n",
        name, count, seconds, count / seconds);
  }

  private static void train(String name, ToyNetConfig config, ToyClass c, int iterations) {
    ToyTrainingSpec spec = ToyTrainingSpec.reference(config, c, iterations, 1);
    long t0 = System.nanoTime();
    ToyTrainingResult r =
        new ToyTrainer(spec)
            .train(
                (it, loss) -> {
                  if (it % 128 == 0) {
                    System.out.printf(
                        "  %s it %d loss %.4f (%.1f s)%n",
                        name, it, loss, (System.nanoTime() - t0) / 1e9);
                  }
                });
    double perIt = r.seconds() / iterations;
    int reference = name.startsWith("main") ? 4096 : 512;
    System.out.printf(
        "%s: %d iterations × 4096 in %.1f s (%.1f ms/it incl. 2 validations) → %d iterations ≈"
            + " %.0f s; EMA validation loss %.4f, raw %.4f%n",
        name,
        iterations,
        r.seconds(),
        perIt * 1e3,
        reference,
        perIt * reference,
        r.ema().info().validationLoss(),
        r.raw().info().validationLoss());
  }
}
