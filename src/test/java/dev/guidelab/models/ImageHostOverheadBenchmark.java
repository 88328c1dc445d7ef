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
import dev.guidelab.sampling.ArrayBatch;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
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
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * What the host spends per sampler step of an image sweep around its network calls — copies,
 * conversions, finiteness checks, guidance and Heun arithmetic — for a batch of 64 images of
 * 3×64×64 and of 4×64×64 (EDM2's latent shape), autoguidance at w = 2 with EDM's 32-step Heun
 * sampler (four network calls per step: main and guide, twice).
 *
 * <p>Two paths in the same run: the device path Guidelab takes (the state, the guidance rules and
 * the Heun updates as float32 tensors on the network's device, {@link TensorBatch}), and, for
 * comparison under the same load, the layout it had before: the state in host {@code double[]}
 * arrays, converted to float32 and copied to libtorch and back at every network call ({@link
 * OnHost} wraps the same denoiser that way). That layout now runs the host arithmetic of {@code
 * ArrayBatch}, one new array per operation, which is slower on images than the fused loops over
 * reused arrays it had then; the numbers recorded with those ({@link #RECORDED}) are printed
 * beside.
 *
 * <p>The network is {@code any-shape-gaussian.pt} ({@code tools/make_bench_denoiser.py}), one
 * multiplication per pixel, so the sampler's time is nearly all host overhead. The baseline, timed
 * in the same run, is the bare network call on arrays already in libtorch. The host's time per step
 * is set against a GPU forward pass of a small EDM2 network (10–30 ms at batch 64, 64×64): the goal
 * is below 10 % of it. On the CPU the device path's arithmetic runs on the host's cores as well, so
 * it is counted as host time here. Run with {@code java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt)
 * dev.guidelab.models.ImageHostOverheadBenchmark}.
 */
public final class ImageHostOverheadBenchmark {

  private static final int BATCH = 64;
  private static final int CALLS_PER_STEP = 4;
  private static final double GPU_FORWARD_MS = 10;

  /**
   * Host ms/step at 3 and 4 channels recorded by this benchmark before the state moved to the
   * device (commit 87d92c7, a quiet machine; README, "Benchmarks").
   */
  private static final double[] RECORDED = {13.7, 21.6};

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
    dispatch(file);
    System.out.printf(
        "load average at the end %.1f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
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
      System.out.printf(
          "%d×%d×%d: network call %.2f ms (baseline); recorded before the change, on a quiet"
              + " machine: host %.1f ms/step%n",
          shape.channels(),
          shape.resolution(),
          shape.resolution(),
          network,
          RECORDED[shape.channels() - 3]);
      for (boolean device : new boolean[] {true, false}) {
        Denoiser m = device ? main : new OnHost(main);
        Denoiser g = device ? guide : new OnHost(guide);
        double denoise = msPerCall(m, x, dim);
        double arithmetic =
            msPerRun(() -> sample(new GuidedDenoiser(free(m), free(g), 2), settings)) / steps;
        double step = msPerRun(() -> sample(new GuidedDenoiser(m, g, 2), settings)) / steps;
        double host = step - CALLS_PER_STEP * network;
        System.out.printf(
            "  %s: denoise() %.2f ms, so %.2f ms of copies, conversions and checks per call;"
                + " guidance + Heun arithmetic %.2f ms/step; a step %.2f ms, host %.2f ms/step ="
                + " %.0f %% of %d GPU forwards of %.0f ms (goal < 10 %%)%n",
            device
                ? "device path (state on the device)"
                : "host arrays, converted per call (the former layout)",
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
  }

  /**
   * What stays on the host when a device runs the arithmetic: the device path on 64 "images" of one
   * pixel, where every tensor operation costs its dispatch (Java, JNI, libtorch) and nearly no
   * arithmetic, less the four bare network calls at that size. Per-pixel host work would not shrink
   * with the image, and there is none without churn (the image defaults have none): the noise is
   * drawn on the host only at churn steps. A GPU adds its kernel-launch latency, some microseconds
   * per operation, which this cannot measure.
   */
  private static void dispatch(byte[] file) {
    ImageShape pixel = new ImageShape(1, 1, 0);
    double[] x = new double[BATCH];
    Arrays.fill(x, 0.5);
    SamplerSettings settings = SamplerSettings.imageDefaults();
    try (TorchScriptDenoiser main = TorchScriptDenoiser.load(file, pixel);
        TorchScriptDenoiser guide = TorchScriptDenoiser.load(file, pixel)) {
      double network = bareCall(file, pixel, x);
      double step =
          msPerRun(() -> sample(new GuidedDenoiser(main, guide, 2), settings)) / settings.steps();
      double host = step - CALLS_PER_STEP * network;
      System.out.printf(
          "device path, dispatch only (64 images of 1×1×1): a step %.2f ms, network calls %.2f ms"
              + " each, host %.2f ms/step = %.1f %% of %d GPU forwards of %.0f ms (goal < 10 %%)%n",
          step,
          network,
          host,
          100 * host / (CALLS_PER_STEP * GPU_FORWARD_MS),
          CALLS_PER_STEP,
          GPU_FORWARD_MS);
    }
  }

  /** One {@code denoise} of a batch already in the denoiser's space, with its scope. */
  private static double msPerCall(Denoiser net, double[] x, int dim) {
    BatchSpace space = net.space();
    try (BatchSpace.Scope outer = space.open(List.of())) {
      Batch batch = space.of(x, dim);
      Evaluation eval = Evaluation.standalone(BATCH, 0);
      return msPerRun(
          () -> {
            try (BatchSpace.Scope call = space.open(List.of())) {
              return net.denoise(batch, 1.0, eval).size();
            }
          });
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
   * A denoiser whose answer costs nothing, {@code D(x) = x} in {@code net}'s space: isolates the
   * sampler's and guidance's own arithmetic.
   */
  private static Denoiser free(Denoiser net) {
    return new Denoiser() {
      @Override
      public int dim() {
        return net.dim();
      }

      @Override
      public BatchSpace space() {
        return net.space();
      }

      @Override
      public Batch denoise(Batch x, double sigma, Evaluation eval) {
        return x;
      }
    };
  }

  /**
   * The layout Guidelab had before keeping batches on the device, for comparison: {@code double[]}
   * state on the host, converted to float32 tensors and back at every call.
   */
  private record OnHost(Denoiser net) implements Denoiser {
    @Override
    public int dim() {
      return net.dim();
    }

    @Override
    public Batch denoise(Batch x, double sigma, Evaluation eval) {
      return ArrayBatch.of(net.denoise(ArrayBatch.values(x), sigma, eval), dim());
    }
  }
}
