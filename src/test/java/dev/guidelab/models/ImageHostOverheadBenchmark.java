package dev.guidelab.models;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.guidance.GuidedDenoiser;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.Evaluation;
import dev.guidelab.sampling.SamplerSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * What the host spends per sampler step of an image sweep around its network calls — copies between
 * Java and libtorch, float/double conversions, finiteness checks, guidance and Heun arithmetic —
 * for a batch of 64 images of 3×64×64 and of 4×64×64 (EDM2's latent shape), autoguidance at w = 2
 * with EDM's 32-step Heun sampler (four network calls per step: main and guide, twice).
 *
 * <p>The network is {@code any-shape-gaussian.pt} ({@code tools/make_bench_denoiser.py}), one
 * multiplication per pixel, so the sampler's time is nearly all host overhead. The baseline, timed
 * in the same run, is the bare network call on arrays already in libtorch. The host's time per step
 * is set against a GPU forward pass of a small EDM2 network (10–30 ms at batch 64, 64×64): the goal
 * is below 10 % of it. Run with {@code java -cp target/classes:target/test-classes:$(cat
 * target/cp.txt) dev.guidelab.models.ImageHostOverheadBenchmark}.
 */
public final class ImageHostOverheadBenchmark {

  private static final int BATCH = 64;
  private static final int CALLS_PER_STEP = 4;
  private static final double GPU_FORWARD_MS = 10;

  private ImageHostOverheadBenchmark() {}

  public static void main(String[] args) {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "java %s on %s %s, %d cores, load average %.1f; %s; batch %d, autoguidance w = 2, Heun,"
            + " 32 steps%n",
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        DjlEngine.describe(),
        BATCH);
    byte[] file = fixture();
    for (int channels : new int[] {3, 4}) {
      measure(file, new ImageShape(channels, 64, 0));
    }
  }

  private static void measure(byte[] file, ImageShape shape) {
    int dim = shape.dim();
    double[] x = new double[BATCH * dim];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    SamplerSettings settings = SamplerSettings.imageDefaults();
    int steps = settings.steps();
    try (TorchScriptDenoiser main = TorchScriptDenoiser.load(file, shape);
        TorchScriptDenoiser guide = TorchScriptDenoiser.load(file, shape)) {
      double network = bareCall(file, shape, x);
      double denoise = msPerRun(() -> main.denoise(x, 1.0, Evaluation.standalone(BATCH, 0)).length);
      Denoiser free = new Precomputed(dim, x);
      double arithmetic =
          msPerRun(() -> sample(new GuidedDenoiser(free, free, 2), settings)) / steps;
      double step = msPerRun(() -> sample(new GuidedDenoiser(main, guide, 2), settings)) / steps;
      double host = step - CALLS_PER_STEP * network;
      System.out.printf(
          "%d×%d×%d: network call %.2f ms (baseline); denoise() %.2f ms, so %.2f ms of copies and"
              + " conversions per call; guidance + Heun arithmetic %.2f ms/step; a step %.2f ms,"
              + " host %.2f ms/step = %.0f %% of %d GPU forwards of %.0f ms (goal < 10 %%)%n",
          shape.channels(),
          shape.resolution(),
          shape.resolution(),
          network,
          denoise,
          denoise - network,
          arithmetic,
          step,
          host,
          100 * host / (CALLS_PER_STEP * GPU_FORWARD_MS),
          CALLS_PER_STEP,
          GPU_FORWARD_MS);
    }
  }

  private static long sample(Denoiser net, SamplerSettings settings) {
    return new EdmSampler(settings, net, null).sample(1, 0, BATCH).length;
  }

  /** The network's forward on arrays already in libtorch: no copies or conversions. */
  private static double bareCall(byte[] file, ImageShape shape, double[] x) {
    DjlEngine.gradModeOff();
    try (Model model = Model.newInstance("bench", DjlEngine.device(), DjlEngine.ENGINE);
        NDManager scope = DjlEngine.manager().newSubManager()) {
      model.load(new ByteArrayInputStream(file), null);
      PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
      float[] xs = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        xs[i] = (float) x[i];
      }
      NDArray input =
          scope.create(
              xs, new Shape(BATCH, shape.channels(), shape.resolution(), shape.resolution()));
      NDArray sigma = scope.ones(new Shape(BATCH));
      return msPerRun(
          () -> {
            IValue[] call = {IValue.from((PtNDArray) input), IValue.from((PtNDArray) sigma)};
            try (IValue out = block.forward(call)) {
              return out.isTensor() ? 1 : 0;
            } finally {
              for (IValue v : call) {
                v.close();
              }
            }
          });
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Median over 11 runs after 5 warm-up runs, in ms. */
  private static double msPerRun(LongSupplier run) {
    long sink = 0;
    for (int i = 0; i < 5; i++) {
      sink += run.getAsLong();
    }
    double[] ms = new double[11];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      sink += run.getAsLong();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    if (sink == 42) {
      System.out.print(""); // keeps the results alive
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private static byte[] fixture() {
    try (InputStream in =
        ImageHostOverheadBenchmark.class.getResourceAsStream("/denoisers/any-shape-gaussian.pt")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A denoiser whose answer costs nothing: isolates the sampler's and guidance's own arithmetic.
   */
  private record Precomputed(int dim, double[] answer) implements Denoiser {
    @Override
    public int conditionDim() {
      return 0;
    }

    @Override
    public double[] denoise(double[] x, double sigma, Evaluation eval) {
      return answer;
    }
  }
}
