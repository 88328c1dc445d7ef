package dev.guidelab.toynet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.sampling.SampleRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact score matching of a toy network (docs/toy.md, "Training"; the autoguidance paper's toy
 * recipe). Per iteration {@code it = 0..K−1}:
 *
 * <pre>
 *   batch from SampleRandom.forSample(seed, it):  σ_b = exp(P_mean + P_std·n),  x_b ~ p(x;σ_b),
 *                                                 s*_b = ∇log p(x_b;σ_b)   ({@link ScoreBatches})
 *   loss = mean_b σ_b²·mean_dim (s*_b − s_θ(x_b;σ_b))²
 *   Adam(β = 0.9, 0.99, ε = 1e-8),  lr = 1e-2/√max(it/512, 1)
 *   forced weight normalisation of the raw weights (EDM2)
 *   EMA: θ̂ ← β·θ̂ + (1−β)·θ,  β = (1 − 1/(it+1))^{γ+1}  ({@link PowerFunctionEma})
 *   post-hoc EMAs: the same for every σ_rel of spec.postHocSigmaRels, snapshot every
 *                  snapshotEvery iterations and at the last one ({@link PostHocEma})
 * </pre>
 *
 * <p>The score {@code s_θ} is the analytic input gradient of {@link ToyNetForward}, so one plain
 * backward pass gives exact parameter gradients. Determinism: initial weights and every batch come
 * from Java generators seeded by the training seed, Adam and the EMA run in Java, and the native
 * part is single-threaded float32 — the same seed gives bit-identical weights. Batches are drawn
 * one iteration ahead on a helper thread (they depend only on {@code (seed, it)}), overlapping the
 * exact-score computation with the network's step.
 *
 * <p>Native memory: the run owns one base manager; each step's graph lives in a sub-manager that
 * also holds every constant tensor until after {@code backward()} (docs/platform.md, autograd bug),
 * and only the gradients leave it as Java arrays. DJL's PyTorch gradient collector is one per
 * process, so concurrent trainings interleave their steps under a lock.
 */
public final class ToyTrainer {

  /**
   * Live progress: called with every EMA snapshot as it is taken, and after every iteration with
   * its batch loss (before the update) — an iteration's snapshot comes before its loss. An
   * exception thrown here ends the run.
   */
  @FunctionalInterface
  public interface Progress {
    void onIteration(int iteration, double loss);

    default void onSnapshot(ToyNetwork snapshot) {}
  }

  static final double LR_REF = 1e-2;
  static final double LR_ITER = 512;
  static final double ADAM_BETA1 = 0.9;
  static final double ADAM_BETA2 = 0.99;
  static final double ADAM_EPSILON = 1e-8;

  /** DJL allows one PyTorch GradientCollector per process at a time. */
  private static final Object AUTOGRAD = new Object();

  private final ToyTrainingSpec spec;
  private Runnable beforeBackward = () -> {};

  public ToyTrainer(ToyTrainingSpec spec) {
    this.spec = spec;
  }

  /** Test hook run between forward and backward (e.g. {@code System::gc}). */
  ToyTrainer beforeBackward(Runnable hook) {
    this.beforeBackward = hook;
    return this;
  }

  /** {@code lr = lr_ref/√max(it/512, 1)}. */
  static double learningRate(int iteration) {
    return LR_REF / Math.sqrt(Math.max(iteration / LR_ITER, 1));
  }

  /**
   * Trains; the calling thread runs every native step. Throws {@link CancellationException} if the
   * thread is interrupted.
   */
  public ToyTrainingResult train(Progress progress) {
    long start = System.nanoTime();
    ToyNetConfig config = spec.net();
    int linear = config.linearCount();
    // θ: weights of every linear layer, then the gain.
    ToyNetwork initial = ToyNetwork.initial(config, spec.classes(), spec.seed());
    float[][] theta = new float[linear + 1][];
    int[] sizes = new int[linear + 1];
    for (int l = 0; l < linear; l++) {
      theta[l] = initial.weights(l);
      sizes[l] = theta[l].length;
    }
    theta[linear] = new float[] {initial.gain()};
    sizes[linear] = 1;
    Adam adam = new Adam(sizes, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON);
    // Power-function EMAs θ̂_k, one update rule: k = 0 the published one (spec.emaSigmaRel), then
    // the post-hoc profiles (spec.postHocSigmaRels), snapshotted and never published themselves.
    List<Double> sigmaRels = new ArrayList<>();
    sigmaRels.add(spec.emaSigmaRel());
    sigmaRels.addAll(spec.postHocSigmaRels());
    double[] gammas = new double[sigmaRels.size()];
    double[][][] averages = new double[sigmaRels.size()][linear + 1][];
    for (int k = 0; k < gammas.length; k++) {
      gammas[k] = PowerFunctionEma.gamma(sigmaRels.get(k));
      for (int i = 0; i <= linear; i++) {
        averages[k][i] = new double[sizes[i]];
      }
    }
    double[][] ema = averages[0];
    List<ToyNetwork> postHocSnapshots = new ArrayList<>();
    ScoreBatches batches = new ScoreBatches(spec.classes(), config.conditional());
    List<ToyNetwork> snapshots = new ArrayList<>();
    ExecutorService prefetch =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "toy-train-batches");
              t.setDaemon(true);
              return t;
            });
    try (NDManager base = DjlEngine.newBaseManager()) {
      Future<ScoreBatch> next = prefetch.submit(() -> drawBatch(batches, 0));
      for (int it = 0; it < spec.iterations(); it++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("training interrupted at iteration " + it);
        }
        ScoreBatch batch = next.get();
        int following = it + 1;
        if (following < spec.iterations()) {
          next = prefetch.submit(() -> drawBatch(batches, following));
        }
        // Loss and exact gradients on the native engine.
        Step step = lossAndGradients(config, theta, batch, base, beforeBackward);
        // Adam, then forced weight normalisation of the raw weights.
        adam.step(theta, step.gradients(), learningRate(it));
        for (int l = 0; l < linear; l++) {
          ToyNetwork.forceNormalize(theta[l], config.fanIn(l));
        }
        // Power-function EMAs.
        for (int k = 0; k < gammas.length; k++) {
          double beta = PowerFunctionEma.beta(it, gammas[k]);
          double[][] average = averages[k];
          for (int i = 0; i <= linear; i++) {
            for (int j = 0; j < sizes[i]; j++) {
              average[i][j] = beta * average[i][j] + (1 - beta) * theta[i][j];
            }
          }
        }
        if ((it + 1) % spec.snapshotEvery() == 0 || it + 1 == spec.iterations()) {
          for (int k = 1; k < gammas.length; k++) {
            postHocSnapshots.add(network(averages[k], it + 1, sigmaRels.get(k)));
          }
        }
        if ((it + 1) % spec.snapshotEvery() == 0) {
          ToyNetwork snapshot = network(ema, it + 1, spec.emaSigmaRel());
          snapshots.add(snapshot);
          progress.onSnapshot(snapshot);
        }
        progress.onIteration(it + 1, step.loss());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("training interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("drawing a training batch failed", e.getCause());
    } finally {
      prefetch.shutdownNow();
    }
    ToyNetwork emaNet = network(ema, spec.iterations(), spec.emaSigmaRel());
    float[][] rawWeights = new float[linear][];
    System.arraycopy(theta, 0, rawWeights, 0, linear);
    ToyNetwork raw =
        ToyNetwork.of(config, rawWeights, theta[linear][0], info(spec.iterations(), 0));
    emaNet = emaNet.withInfo(emaNet.info().withValidationLoss(ToyValidation.loss(emaNet)));
    raw = raw.withInfo(raw.info().withValidationLoss(ToyValidation.loss(raw)));
    double seconds = (System.nanoTime() - start) / 1e9;
    return new ToyTrainingResult(
        emaNet, raw, List.copyOf(snapshots), List.copyOf(postHocSnapshots), seconds);
  }

  private ScoreBatch drawBatch(ScoreBatches batches, int iteration) {
    return batches.draw(SampleRandom.forSample(spec.seed(), iteration), spec.batchSize());
  }

  private ToyNetwork network(double[][] params, long iteration, double sigmaRel) {
    int linear = params.length - 1;
    float[][] w = new float[linear][];
    for (int l = 0; l < linear; l++) {
      w[l] = new float[params[l].length];
      for (int j = 0; j < w[l].length; j++) {
        w[l][j] = (float) params[l][j];
      }
    }
    return ToyNetwork.of(spec.net(), w, (float) params[linear][0], info(iteration, sigmaRel));
  }

  private ToyNetInfo info(long iteration, double sigmaRel) {
    return new ToyNetInfo(
        spec.classes(), iteration, sigmaRel, spec.seed(), spec.batchSize(), Double.NaN);
  }

  /** Loss of one batch and its gradients w.r.t. every weight matrix and the gain. */
  record Step(double loss, float[][] gradients) {}

  /**
   * {@code loss = Σ_b ω_b·Σ_d (s*_bd + c_in²x_bd − learned_bd)²}, {@code ω_b = σ_b²/(2B)} — the
   * spec's {@code mean_b σ_b²·mean_dim (s* − s_θ)²} with {@code s_θ = learned − c_in²·x} — and its
   * gradients by one autograd backward pass.
   *
   * @param theta weights of every linear layer, then {@code {gain}}
   */
  static Step lossAndGradients(
      ToyNetConfig config,
      float[][] theta,
      ScoreBatch batch,
      NDManager base,
      Runnable beforeBackward) {
    int n = batch.size();
    int linear = config.linearCount();
    NetInputs in = NetInputs.of(config, batch.x(), batch.sigma(), batch.condition(), null);
    float[] shiftedTarget = new float[2 * n]; // [B, 2] s* + c_in²·x
    float[] omega = new float[n]; // [B] σ²/(2B)
    for (int b = 0; b < n; b++) {
      for (int d = 2 * b; d < 2 * b + 2; d++) {
        shiftedTarget[d] = (float) (batch.target()[d] + in.cIn2[b] * batch.x()[d]);
      }
      omega[b] = (float) (batch.sigma()[b] * batch.sigma()[b] / (2.0 * n));
    }
    synchronized (AUTOGRAD) {
      // Every tensor of the graph, constants included, lives in `step` until after backward.
      try (NDManager step = base.newSubManager()) {
        NDArray u = step.create(in.u, new Shape(n, config.inputDim())); // [B, in]
        NDArray alpha = step.create(in.alpha, new Shape(n, 1)); // [B, 1]
        NDArray target = step.create(shiftedTarget, new Shape(n, 2)); // [B, 2]
        NDArray weight = step.create(omega, new Shape(n, 1)); // [B, 1]
        NDArray[] epsSqrtN = new NDArray[linear]; // [1] ε√n
        NDArray[] post = new NDArray[linear]; // [1] 1 or 0.596
        for (int l = 0; l < linear; l++) {
          epsSqrtN[l] =
              step.create(
                  new float[] {(float) (ToyNetwork.EPSILON * Math.sqrt(config.fanIn(l)))},
                  new Shape(1));
          post[l] =
              step.create(new float[] {l == 0 ? 1f : (float) ToyNetwork.SILU_GAIN}, new Shape(1));
        }
        NDArray[] w = new NDArray[linear]; // [H, fan_in] leaves
        for (int l = 0; l < linear; l++) {
          w[l] = step.create(theta[l], new Shape(config.hidden(), config.fanIn(l)));
          w[l].setRequiresGradient(true);
        }
        NDArray gain = step.create(theta[linear], new Shape(1));
        gain.setRequiresGradient(true);
        try (GradientCollector collector =
            Engine.getEngine(DjlEngine.ENGINE).newGradientCollector()) {
          // Forward: effective weights, learned score, weighted squared error.
          NDArray[] wHat = new NDArray[linear];
          for (int l = 0; l < linear; l++) {
            wHat[l] = ToyNetForward.effectiveWeights(w[l], epsSqrtN[l], post[l]);
          }
          NDArray learned = ToyNetForward.learnedScore(wHat, gain, u, alpha); // [B, 2]
          NDArray loss = target.sub(learned).square().mul(weight).sum(); // []
          beforeBackward.run();
          // Backward.
          collector.backward(loss);
          float[][] gradients = new float[linear + 1][];
          for (int l = 0; l < linear; l++) {
            gradients[l] = w[l].getGradient().toFloatArray();
          }
          gradients[linear] = gain.getGradient().toFloatArray();
          return new Step(loss.getFloat(), gradients);
        }
      }
    }
  }
}
