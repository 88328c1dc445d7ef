package dev.guidelab.references;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.Images;
import dev.guidelab.metrics.MomentAccumulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference statistics of a stream: float64 moments of every vector, a fixed uniform subset kept,
 * and a content key that changes with every input.
 */
class ReferenceComputationTest {

  private static final int D = 3;

  @TempDir Path dir;

  private ReferenceSource open(byte[] npz, FeatureContract contract) throws IOException {
    Path file = Files.write(dir.resolve("upload-" + npz.length), npz);
    return ReferenceSources.open(file, "00".repeat(32), Optional.empty(), contract);
  }

  private static double[] randomFeatures(int n) {
    SplittableRandom rng = new SplittableRandom(n);
    double[] x = new double[n * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble() * (1 + i % D);
    }
    return x;
  }

  @Test
  void featuresGiveTheMomentsOfEveryVectorAndKeepTheChosenOnes() throws IOException {
    int n = 9000; // three steps of FEATURE_STEP
    double[] x = randomFeatures(n);
    FeatureContract contract =
        FeatureContract.uint8Images("d3", 3, FeatureContract.ForwardCall.TENSOR, D);
    List<Long> progress = new ArrayList<>();
    ReferenceComputation.Result r;
    try (ReferenceSource source =
        open(new NpzWriter().float64("features", x, n, D).bytes(), contract)) {
      r = ReferenceComputation.run(source, null, 0, 100, (done, total) -> progress.add(done));
    }
    assertEquals(List.of(4096L, 8192L, 9000L), progress);
    MomentAccumulator all = new MomentAccumulator();
    all.accept(x, D);
    assertEquals(n, r.n());
    assertArrayEquals(all.mean(), r.mu(), 1e-12);
    for (int i = 0; i < D; i++) {
      assertArrayEquals(all.covariance(0)[i], r.sigma()[i], 1e-12, "ddof 0, row " + i);
    }
    // The 100 kept rows are those chosen(9000, 100) picks, in source order, as float32.
    ReferenceFeatures kept = r.features();
    assertEquals(List.of(100, D), List.of(kept.n(), kept.dim()));
    assertEquals(ReferenceFeatures.selection(100), kept.selection());
    int[] chosen = ReferenceFeatures.chosen(n, 100);
    for (int k = 0; k < chosen.length; k++) {
      for (int j = 0; j < D; j++) {
        assertEquals((float) x[chosen[k] * D + j], kept.values()[k * D + j], "row " + k);
      }
    }
  }

  @Test
  void imagesGoThroughTheNetworkAndItsHeadAndAllAreKeptBelowTheCap() throws IOException {
    // 300 NHWC images of 2×2×3 whose "network" gives the per-channel mean: two steps of 256.
    int n = 300;
    byte[] nhwc = new byte[n * 12];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < nhwc.length; i++) {
      nhwc[i] = (byte) rng.nextInt(256);
    }
    ReferenceComputation.Extractor channelMeans =
        new ReferenceComputation.Extractor() {
          @Override
          public int dim() {
            return 3;
          }

          @Override
          public double[] features(Images.Uint8 images) {
            double[] f = new double[images.n() * 3];
            for (int i = 0; i < images.n(); i++) {
              for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                  f[i * 3 + c] += (images.pixels()[(i * 3 + c) * 4 + p] & 0xff) / 4.0;
                }
              }
            }
            return f;
          }

          @Override
          public int classes() {
            return 3;
          }

          @Override
          public double[] logits(Images.Uint8 images) {
            return features(images); // a head: the brightest channel is the Top-1 class
          }
        };
    FeatureContract rgb =
        FeatureContract.uint8Images("rgb", 3, FeatureContract.ForwardCall.TENSOR, 3);
    ReferenceComputation.Result r;
    try (ReferenceSource source =
        open(new NpzWriter().uint8("images", nhwc, n, 2, 2, 3).bytes(), rgb)) {
      r = ReferenceComputation.run(source, channelMeans, 1, 10_000, (done, total) -> {});
    }
    // μ_c = mean over images and pixels of channel c, read from the NHWC bytes directly.
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      for (int i = c; i < nhwc.length; i += 3) {
        sum += nhwc[i] & 0xff;
      }
      assertEquals(sum / (n * 4), r.mu()[c], 1e-9, "channel " + c);
    }
    assertEquals(n, r.features().n(), "all kept below the cap");
    // The head saw every image once: the histogram of each image's brightest channel.
    long[] brightest = new long[3];
    for (int i = 0; i < n; i++) {
      int[] sums = new int[3];
      for (int p = 0; p < 12; p++) {
        sums[p % 3] += nhwc[i * 12 + p] & 0xff;
      }
      brightest[sums[1] > sums[0] ? (sums[2] > sums[1] ? 2 : 1) : (sums[2] > sums[0] ? 2 : 0)]++;
    }
    assertArrayEquals(brightest, r.top1());
  }

  @Test
  void theKeptSubsetIsUniformAndTheSameEveryTime() {
    int[] chosen = ReferenceFeatures.chosen(100_000, 10_000);
    assertArrayEquals(chosen, ReferenceFeatures.chosen(100_000, 10_000));
    Set<Integer> distinct = new HashSet<>();
    Arrays.stream(chosen).forEach(distinct::add);
    assertEquals(10_000, distinct.size());
    for (int k = 1; k < chosen.length; k++) {
      assertTrue(chosen[k - 1] < chosen[k], "ascending");
    }
    // Uniform over [0, 100000): mean index 49,999.5 with SE 28,868/√10,000 ≈ 289.
    double mean = Arrays.stream(chosen).average().orElseThrow();
    assertEquals(49_999.5, mean, 4 * 289);
    assertTrue(chosen[chosen.length - 1] > 99_000, "not the first 10,000");
  }

  @Test
  void contentKeysAreEqualForEqualInputsAndDifferInEveryInput() {
    String base = key("npz:aa:images:nchw", "net", "pipe", 1, 10_000);
    assertEquals(base, key("npz:aa:images:nchw", "net", "pipe", 1, 10_000));
    List<String> others =
        List.of(
            key("npz:bb:images:nchw", "net", "pipe", 1, 10_000),
            key("npz:aa:images:nhwc", "net", "pipe", 1, 10_000),
            key("npz:aa:images:nchw", "other-net", "pipe", 1, 10_000),
            key("npz:aa:images:nchw", "net", "other-pipe", 1, 10_000),
            key("npz:aa:images:nchw", "net", "pipe", 0, 10_000),
            key("npz:aa:images:nchw", "net", "pipe", 1, 5_000),
            ReferenceStatistics.contentKey(
                "npz:aa:images:nchw", "net", "pipe", 1, ReferenceFeatures.selection(10_000), 1008),
            ReferenceStatistics.contentKey("npz:aa:images:nchw", "net", "pipe", 1));
    for (String other : others) {
      assertNotEquals(base, other);
    }
    assertEquals(others.size(), new HashSet<>(others).size());
  }

  private static String key(String source, String net, String pipeline, int ddof, int cap) {
    return ReferenceStatistics.contentKey(
        source, net, pipeline, ddof, ReferenceFeatures.selection(cap), 0);
  }
}
