package dev.guidelab.toynet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.djl.DjlEngine;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.Evaluation;
import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.toy.ToyClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ToyNetDenoiserTest {

  private static double[] randomPoints(int n, long seed, double scale) {
    RandomGenerator rng = SampleRandom.forSample(seed, 0);
    double[] x = new double[2 * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = scale * rng.nextGaussian();
    }
    return x;
  }

  @Test
  void withZeroGainTheNetworkIsTheIdealDenoiserOfAGaussianWithStdSigmaData() {
    ToyNetDenoiser net = new ToyNetDenoiser(ToyNetwork.initial(ToyNetConfig.of(64), ToyClass.A, 3));
    double[] x = randomPoints(1000, 1, 2);
    for (double sigma : new double[] {0.002, 0.05, 0.5, 5}) {
      double[] d = net.denoise(x, sigma, Evaluation.standalone(1000, 0));
      for (int c = 0; c < x.length; c++) {
        // D(x;σ) = x·σ_d²/(σ_d² + σ²); float64 arithmetic on the Java side, so ~1 ulp.
        assertEquals(x[c] * 0.25 / (0.25 + sigma * sigma), d[c], 1e-14 * (1 + Math.abs(x[c])));
      }
    }
  }

  @Test
  void scoreIsTheGradientOfTheLogDensity() {
    // A random network with a non-zero gain, so the learned term dominates the score.
    ToyNetwork random = ToyNetwork.initial(ToyNetConfig.of(64), ToyClass.A, 11).withGain(2.5f);
    ToyNetDenoiser net = new ToyNetDenoiser(random);
    double[] x = randomPoints(200, 2, 1);
    for (double sigma : new double[] {0.01, 0.2, 1, 4}) {
      Evaluation eval = Evaluation.standalone(200, 0);
      double[] s = net.score(x, sigma, eval);
      double[] logp = net.logDensity(x, sigma, eval);
      double maxErr = 0;
      for (int b = 0; b < 200; b++) {
        // Finite differences of an independent float64 log-density: truncation O(h²) ≈ 1e-10 and
        // rounding ≈ 1e-16/h ≈ 1e-11, negligible beside float32.
        double[] ref = ReferenceToyNet.score(random, x[2 * b], x[2 * b + 1], sigma, null, 1e-5);
        double scale = Math.hypot(ref[0], ref[1]) + 1 / sigma;
        // float32 through ~10 matmuls of width 64: relative error ~√640·6e-8 ≈ 1.5e-6 of the terms'
        // magnitude; 2e-5 leaves room for cancellation yet catches any missing factor or term.
        for (int d = 0; d < 2; d++) {
          double err = Math.abs(s[2 * b + d] - ref[d]) / scale;
          maxErr = Math.max(maxErr, err);
          assertTrue(err < 2e-5, "σ=" + sigma + " sample " + b + " dim " + d + " rel err " + err);
        }
        double refLogp = ReferenceToyNet.logp(random, x[2 * b], x[2 * b + 1], sigma, null);
        assertEquals(refLogp, logp[b], 1e-5 * (Math.abs(refLogp) + 1 / sigma));
      }
      System.out.printf("σ=%.3g: max relative score error vs FD %.2e%n", sigma, maxErr);
    }
  }

  @Test
  void conditionalNetworkReadsItsConditionAndTreatsNullAsZeros() {
    ToyNetwork random =
        ToyNetwork.initial(ToyNetConfig.conditionalOf(32), ToyClass.AB, 5).withGain(1f);
    ToyNetDenoiser net = new ToyNetDenoiser(random);
    assertEquals(2, net.conditionDim());
    double[] x = randomPoints(3, 4, 1);
    RandomGenerator[] rngs = Evaluation.standalone(3, 0).rngs();
    double[] a = {1, 0, 1, 0, 1, 0};
    double[] zeros = new double[6];
    double[] dA = net.denoise(x, 0.3, new Evaluation(0, 1, rngs, a, null));
    double[] dNull = net.denoise(x, 0.3, new Evaluation(0, 1, rngs, null, null));
    double[] dZeros = net.denoise(x, 0.3, new Evaluation(0, 1, rngs, zeros, null));
    assertArrayEquals(dNull, dZeros, 0);
    assertFalse(java.util.Arrays.equals(dA, dNull));
    // Condition and noise shift enter the score exactly as the float64 reference says.
    double[] s = net.score(x, 0.3, new Evaluation(0, 1, rngs, a, null));
    double[] ref = ReferenceToyNet.score(random, x[0], x[1], 0.3, new double[] {1, 0}, 1e-5);
    assertEquals(ref[0], s[0], 2e-5 * (Math.hypot(ref[0], ref[1]) + 1 / 0.3));
    double[] shifted = net.denoise(x, 0.3, new Evaluation(0, 1, rngs, a, new double[3]));
    assertArrayEquals(dA, shifted, 0);
  }

  @Test
  void largeBatchesSplitIntoChunksGiveTheSameDenoisedSamples() {
    ToyNetDenoiser net =
        new ToyNetDenoiser(ToyNetwork.initial(ToyNetConfig.of(32), ToyClass.A, 9).withGain(1f));
    int n = ToyNetDenoiser.CHUNK + 100;
    double[] x = randomPoints(n, 7, 1);
    double[] all = net.denoise(x, 0.1, Evaluation.standalone(n, 0));
    double[] tail = java.util.Arrays.copyOfRange(x, 2 * (n - 300), 2 * n);
    double[] tailAlone = net.denoise(tail, 0.1, Evaluation.standalone(300, 0));
    for (int c = 0; c < tail.length; c++) {
      assertEquals(tailAlone[c], all[2 * (n - 300) + c], 1e-6 * (1 + Math.abs(tailAlone[c])));
    }
  }

  @Test
  void nativeMemoryStaysFlatOverThousandsOfSamplerSteps() {
    ToyNetDenoiser net =
        new ToyNetDenoiser(ToyNetwork.initial(ToyNetConfig.of(64), ToyClass.A, 1).withGain(1f));
    EdmSampler sampler = new EdmSampler(SamplerSettings.defaults(), net, null);
    // Warm-up: engine, allocator pools, JIT, heap sizing. Direct buffers behind created tensors are
    // released when their Java owners are collected, so RSS is compared after a GC.
    for (int run = 0; run < 10; run++) {
      sampler.sample(-1 - run, 0, 512);
    }
    System.gc();
    int arraysBefore = DjlEngine.manager().getManagedArrays().size();
    long rssBefore = residentKb();
    int steps = 0;
    for (int run = 0; run < 40; run++) {
      sampler.sample(run, 0, 512);
      steps += SamplerSettings.defaults().steps();
    }
    System.gc();
    int arraysAfter = DjlEngine.manager().getManagedArrays().size();
    long rssAfter = residentKb();
    System.out.printf(
        "%d sampler steps (%d evaluations of 512): live NDArrays %d → %d, RSS %d → %d MB%n",
        steps, 40 * 63, arraysBefore, arraysAfter, rssBefore / 1024, rssAfter / 1024);
    assertTrue(steps >= 1000);
    assertEquals(arraysBefore, arraysAfter, "NDArrays leaked into the base manager");
    assertEquals(0, arraysAfter);
    // 2,520 evaluations each allocate ~20 tensors of 512×64 floats (~2.6 MB per evaluation): a leak
    // would add > 6 GB. RSS also counts the Java heap, which the JVM may grow at any GC (seen: +95
    // MB on a loaded CI machine), so allow 512 MB.
    assertTrue(rssAfter - rssBefore < 512 * 1024, "RSS grew by " + (rssAfter - rssBefore) + " kB");
  }

  @Test
  void savedNetworkLoadsBitIdenticallyWithTheSameHashAndOutputs(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    ToyNetwork net =
        ToyNetwork.initial(ToyNetConfig.conditionalOf(32), ToyClass.AB, 21)
            .withGain(0.75f)
            .withInfo(new ToyNetInfo(ToyClass.AB, 512, 0.05, 21, 4096, 0.1234567890123));
    Path file = dir.resolve("net.gltoynet");
    net.save(file);
    ToyNetwork loaded = ToyNetwork.load(file);
    assertEquals(net.sha256(), loaded.sha256());
    assertArrayEquals(Files.readAllBytes(file), loaded.toBytes());
    assertEquals(net.info(), loaded.info());
    assertEquals(net.config(), loaded.config());
    double[] x = randomPoints(100, 3, 1);
    double[] cond = new double[200];
    for (int b = 0; b < 100; b++) {
      cond[2 * b + b % 2] = 1;
    }
    Evaluation eval = new Evaluation(0, 1, Evaluation.standalone(100, 0).rngs(), cond, null);
    assertArrayEquals(
        new ToyNetDenoiser(net).denoise(x, 0.2, eval),
        new ToyNetDenoiser(loaded).denoise(x, 0.2, eval),
        0);
    assertFalse(net.sha256().equals(net.withGain(0.5f).sha256()));
  }

  @Test
  void parameterCountsMatchTheSpec() {
    assertEquals(16_641, ToyNetConfig.of(64).parameterCount());
    assertEquals(4_225, ToyNetConfig.of(32).parameterCount());
  }

  private static long residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
