package dev.guidelab.toynet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.metrics.Metric;
import dev.guidelab.metrics.ToyMetrics;
import dev.guidelab.sampling.EdmSampler;
import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.toy.ToyClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class ToyTrainerTest {

  @Test
  void sameSeedGivesBitIdenticalWeightsEvenWithGcBetweenForwardAndBackward() {
    // 16 iterations: every one runs a full GC between its forward and backward pass, which takes
    // up to half a second in a test JVM that has run the Quarkus tests (64 took 47 s there).
    ToyTrainingSpec spec =
        ToyTrainingSpec.reference(ToyNetConfig.of(32), ToyClass.A, 16, 7).withBatchSize(512);
    List<Double> lossesA = new ArrayList<>();
    List<Double> lossesB = new ArrayList<>();
    ToyTrainingResult a = new ToyTrainer(spec).train((it, loss) -> lossesA.add(loss));
    // The GC would free Java buffers autograd still needs if any op took a Number
    // (docs/platform.md).
    ToyTrainingResult b =
        new ToyTrainer(spec).beforeBackward(System::gc).train((it, loss) -> lossesB.add(loss));
    assertEquals(16, lossesA.size());
    assertEquals(lossesA, lossesB);
    assertEquals(a.ema().sha256(), b.ema().sha256());
    assertEquals(a.raw().sha256(), b.raw().sha256());
    assertTrue(a.raw().gain() != 0, "the gain must have moved");
    ToyTrainingResult other = new ToyTrainer(spec.withIterations(8)).train((it, loss) -> {});
    assertFalse(a.raw().sha256().equals(other.raw().sha256()));
  }

  @Test
  void autogradGradientsMatchFiniteDifferencesOfTheLoss() {
    ToyNetConfig config = ToyNetConfig.of(16);
    ToyNetwork net = ToyNetwork.initial(config, ToyClass.A, 3).withGain(1.3f);
    ScoreBatch batch = new ScoreBatches(ToyClass.A, false).draw(SampleRandom.forSample(5, 0), 64);
    float[][] theta = thetaOf(net);
    ToyTrainer.Step step;
    try (NDManager base = DjlEngine.newBaseManager()) {
      step = ToyTrainer.lossAndGradients(config, theta, batch, base, () -> {});
    }
    assertEquals(referenceLoss(net, batch), step.loss(), 1e-5 * step.loss());
    // Central differences of the float64 reference loss in a few weights of every layer and the
    // gain; float32 gradients through ~20 ops agree to ~1e-4 relative of the largest gradient.
    double h = 1e-3;
    for (int l = 0; l < theta.length; l++) {
      double scale = 0;
      for (float g : step.gradients()[l]) {
        scale = Math.max(scale, Math.abs(g));
      }
      for (int j = 0; j < Math.min(5, theta[l].length); j++) {
        int idx = (j * 37) % theta[l].length;
        double fd = (lossWith(net, l, idx, h, batch) - lossWith(net, l, idx, -h, batch)) / (2 * h);
        assertEquals(fd, step.gradients()[l][idx], 2e-3 * scale, "layer " + l + " index " + idx);
      }
    }
  }

  @Test
  void snapshotAtIterationKEqualsARunStoppedAtK() {
    ToyTrainingSpec spec =
        ToyTrainingSpec.reference(ToyNetConfig.of(16), ToyClass.B, 64, 2)
            .withBatchSize(128)
            .withSnapshotEvery(32);
    ToyTrainingResult full = new ToyTrainer(spec).train((it, loss) -> {});
    ToyTrainingResult half = new ToyTrainer(spec.withIterations(32)).train((it, loss) -> {});
    assertEquals(2, full.snapshots().size());
    ToyNetwork snapshot = full.snapshots().get(0);
    assertEquals(32, snapshot.info().iteration());
    assertArrayEquals(half.ema().withInfo(snapshot.info()).toBytes(), snapshot.toBytes());
    assertArrayEquals(
        full.ema().withInfo(full.snapshots().get(1).info()).toBytes(),
        full.snapshots().get(1).toBytes());
  }

  @Test
  void postHocSnapshotsAreTakenEveryIntervalAndAtTheLastIterationAndTrackTheirEma() {
    // A post-hoc profile of the published width must reproduce the published EMA bit for bit.
    ToyTrainingSpec spec =
        new ToyTrainingSpec(
            ToyNetConfig.of(16),
            ToyClass.B,
            40,
            128,
            ToyTrainingSpec.EMA_SIGMA_REL,
            16,
            List.of(0.05, ToyTrainingSpec.EMA_SIGMA_REL),
            2);
    ToyTrainingResult result = new ToyTrainer(spec).train((it, loss) -> {});
    List<ToyNetwork> postHoc = result.postHocSnapshots();
    assertEquals(6, postHoc.size(), "iterations 16, 32 and the last, 40; two widths each");
    long[] iterations = {16, 16, 32, 32, 40, 40};
    double[] widths = {0.05, 0.010, 0.05, 0.010, 0.05, 0.010};
    for (int i = 0; i < postHoc.size(); i++) {
      assertEquals(iterations[i], postHoc.get(i).info().iteration());
      assertEquals(widths[i], postHoc.get(i).info().emaSigmaRel());
    }
    assertArrayEquals(
        result.ema().withInfo(postHoc.get(5).info()).toBytes(), postHoc.get(5).toBytes());
    assertArrayEquals(
        result.snapshots().get(1).withInfo(postHoc.get(3).info()).toBytes(),
        postHoc.get(3).toBytes());
    assertTrue(!postHoc.get(4).sha256().equals(postHoc.get(5).sha256()), "widths differ");
  }

  @Test
  void trainingOnClassALowersTheValidationLossAndImprovesSampleLikelihood() {
    ToyTrainingSpec spec =
        ToyTrainingSpec.reference(ToyNetConfig.of(32), ToyClass.A, 400, 1).withBatchSize(1024);
    ToyNetwork untrained = ToyNetwork.initial(spec.net(), ToyClass.A, 1);
    double initialLoss = ToyValidation.loss(untrained);
    double[] lastLoss = new double[1];
    ToyTrainingResult result = new ToyTrainer(spec).train((it, loss) -> lastLoss[0] = loss);
    double trainedLoss = result.ema().info().validationLoss();
    Map<Metric, Double> before = metrics(untrained);
    Map<Metric, Double> after = metrics(result.ema());
    System.out.printf(
        "A-32, 400 it × 1024: %.1f s; validation loss %.4f → %.4f (raw %.4f), last batch %.4f%n"
            + "  untrained samples %s%n  trained samples %s%n",
        result.seconds(),
        initialLoss,
        trainedLoss,
        result.raw().info().validationLoss(),
        lastLoss[0],
        before,
        after);
    assertTrue(trainedLoss < 0.5 * initialLoss, initialLoss + " → " + trainedLoss);
    // The untrained net is the ideal denoiser of N(0, ¼I): samples spread over the plane.
    double llBefore = before.get(Metric.LOG_LIKELIHOOD_CLIPPED);
    double llAfter = after.get(Metric.LOG_LIKELIHOOD_CLIPPED);
    assertTrue(llAfter > llBefore + 2, "clipped log-likelihood " + llBefore + " → " + llAfter);
    assertTrue(
        after.get(Metric.LOG_LIKELIHOOD) > before.get(Metric.LOG_LIKELIHOOD) + 2,
        "log-likelihood " + before + " → " + after);
  }

  @Test
  void conditionalNetworkTrainsOnTheUnionWithClassConditions() {
    ToyTrainingSpec spec =
        ToyTrainingSpec.reference(ToyNetConfig.conditionalOf(16), ToyClass.AB, 16, 4)
            .withBatchSize(256);
    ToyTrainingResult result = new ToyTrainer(spec).train((it, loss) -> {});
    assertEquals(ToyClass.AB, result.ema().info().classes());
    assertEquals(2, new ToyNetDenoiser(result.ema()).conditionDim());
    assertTrue(Double.isFinite(result.ema().info().validationLoss()));
  }

  private static Map<Metric, Double> metrics(ToyNetwork net) {
    EdmSampler sampler = new EdmSampler(SamplerSettings.defaults(), new ToyNetDenoiser(net), null);
    ToyMetrics m = new ToyMetrics();
    m.accept(sampler.sample(1, 0, 2000));
    return m.values();
  }

  private static float[][] thetaOf(ToyNetwork net) {
    int linear = net.config().linearCount();
    float[][] theta = new float[linear + 1][];
    for (int l = 0; l < linear; l++) {
      theta[l] = net.weights(l);
    }
    theta[linear] = new float[] {net.gain()};
    return theta;
  }

  private static double lossWith(ToyNetwork net, int l, int idx, double h, ScoreBatch batch) {
    float[][] theta = thetaOf(net);
    int linear = net.config().linearCount();
    // Perturb in float64 as far as float32 storage allows: h = 1e-3 is exact enough (rel 1e-4).
    theta[l][idx] += (float) h;
    float[][] w = new float[linear][];
    System.arraycopy(theta, 0, w, 0, linear);
    return referenceLoss(ToyNetwork.of(net.config(), w, theta[linear][0], net.info()), batch);
  }

  /** mean_b σ_b²·mean_dim (s* − s_θ)² with s_θ by float64 finite differences. */
  private static double referenceLoss(ToyNetwork net, ScoreBatch batch) {
    double sum = 0;
    for (int b = 0; b < batch.size(); b++) {
      double sigma = batch.sigma()[b];
      double[] s =
          ReferenceToyNet.score(net, batch.x()[2 * b], batch.x()[2 * b + 1], sigma, null, 1e-6);
      double e0 = batch.target()[2 * b] - s[0];
      double e1 = batch.target()[2 * b + 1] - s[1];
      sum += sigma * sigma * 0.5 * (e0 * e0 + e1 * e1);
    }
    return sum / batch.size();
  }
}
