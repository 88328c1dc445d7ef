package dev.guidelab.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.content.Hashes;
import dev.guidelab.metrics.TopN;
import dev.guidelab.models.ImageFixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeatureNetworkTest {

  @Test
  void inceptionLikeFeaturesMatchPyTorchForImagesOfAnySize() {
    JsonNode expected = Fixtures.expected(Fixtures.INCEPTION);
    try (FeatureNetwork net =
        Fixtures.load(Fixtures.INCEPTION, FeatureContract.INCEPTION_V3_2015)) {
      for (JsonNode c : expected.get("cases")) {
        Features f = net.extract(Fixtures.images(c), 2); // batch 2: a 3-image case spans 2 batches
        assertEquals(2048, f.dim());
        assertEquals(net.sha256(), f.networkSha256());
        assertEquals("uint8-nchw/resize-in-network", f.pipeline());
        Fixtures.assertClose(
            Fixtures.doubles(c.get("features")), f.values(), "seed " + c.get("seed"));
      }
    }
  }

  @Test
  void dinov2LikeFeaturesMatchPyTorchAfterJavaPreprocessing() {
    JsonNode expected = Fixtures.expected(Fixtures.DINOV2);
    try (FeatureNetwork net = Fixtures.load(Fixtures.DINOV2, FeatureContract.DINOV2_VITL14)) {
      for (JsonNode c : expected.get("cases")) {
        Features f = net.extract(Fixtures.images(c));
        assertEquals(1024, f.dim());
        Fixtures.assertClose(
            Fixtures.doubles(c.get("features")), f.values(), "seed " + c.get("seed"));
      }
    }
  }

  @Test
  void wrongContentHashIsRefusedNamingBothHashes() {
    byte[] bytes = Fixtures.network(Fixtures.INCEPTION);
    String wrong = "0".repeat(64);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeatureNetwork.load(bytes, wrong, FeatureContract.INCEPTION_V3_2015));
    assertTrue(e.getMessage().contains("content hash mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains(wrong), e.getMessage());
    assertTrue(
        e.getMessage().contains(Fixtures.expected(Fixtures.INCEPTION).get("sha256").asText()),
        e.getMessage());
  }

  @Test
  void corruptedFileIsRefusedBeforeLoading() {
    byte[] bytes = Fixtures.network(Fixtures.INCEPTION).clone();
    bytes[bytes.length / 2] ^= 1;
    String sha = Fixtures.expected(Fixtures.INCEPTION).get("sha256").asText();
    assertThrows(
        IllegalArgumentException.class,
        () -> FeatureNetwork.load(bytes, sha, FeatureContract.INCEPTION_V3_2015));
  }

  @Test
  void bytesThatAreNotTorchScriptGiveAClearError() {
    byte[] bytes = "not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FeatureNetwork.load(
                    bytes,
                    dev.guidelab.content.Hashes.sha256(bytes),
                    FeatureContract.INCEPTION_V3_2015));
    assertTrue(e.getMessage().contains("not TorchScript"), e.getMessage());
  }

  @Test
  void inputThatDoesNotFitTheContractIsRefusedNamingTheField() {
    try (FeatureNetwork inception =
            Fixtures.load(Fixtures.INCEPTION, FeatureContract.INCEPTION_V3_2015);
        FeatureNetwork dinov2 = Fixtures.load(Fixtures.DINOV2, FeatureContract.DINOV2_VITL14)) {
      FeatureInputException channels =
          assertThrows(
              FeatureInputException.class,
              () -> inception.extract(Fixtures.lcgImages(1, 2, 1, 32, 32)));
      assertEquals("images.channels", channels.field());
      assertEquals(
          "feature network 'inception-v3-2015': images.channels: expected 3, got 1",
          channels.getMessage());

      FeatureInputException dtype =
          assertThrows(
              FeatureInputException.class,
              () -> inception.extract(new Images.Float32(1, 3, 8, 8, new float[3 * 64])));
      assertEquals("images.dtype", dtype.field());
      assertEquals("float32", dtype.got());

      FeatureInputException height =
          assertThrows(
              FeatureInputException.class,
              () -> dinov2.extract(new Images.Float32(1, 3, 200, 224, new float[3 * 200 * 224])));
      assertEquals("images.height", height.field());
      assertTrue(height.expected().startsWith("224"), height.expected());
      assertEquals("200", height.got());

      FeatureInputException width =
          assertThrows(
              FeatureInputException.class,
              () -> dinov2.extract(new Images.Float32(1, 3, 224, 7, new float[3 * 224 * 7])));
      assertEquals("images.width", width.field());
    }
  }

  @Test
  void imagesWhoseBufferDoesNotMatchTheirShapeAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Images.Uint8(2, 3, 4, 4, new byte[95]));
    assertTrue(e.getMessage().contains("needs 96 elements, got 95"), e.getMessage());
  }

  @Test
  void networkWhoseOutputDoesNotFitTheContractIsReported() {
    // Called without return_features=True, NVIDIA's Inception gives 1008 logits, not features.
    FeatureContract logits =
        FeatureContract.uint8Images(
            "inception-logits", 3, FeatureContract.ForwardCall.TENSOR, 2048);
    try (FeatureNetwork net = Fixtures.load(Fixtures.INCEPTION, logits)) {
      FeatureInputException e =
          assertThrows(
              FeatureInputException.class, () -> net.extract(Fixtures.lcgImages(1, 2, 3, 8, 8)));
      assertEquals("network output", e.field());
      assertEquals("[2, 1008]", e.got());
    }
  }

  @Test
  void aClassifierHeadGivesPyTorchsLogitsAndFeaturesAndTellsTheFixtureClassesApart() {
    // classifier-features.pt (tools/make_denoiser_fixtures.py) on the quantised mean image and the
    // two class means of gaussian-classes.pt.
    JsonNode probe = ImageFixtures.doc().get("probe");
    double[] x = new double[3 * ImageFixtures.SHAPE.dim()];
    double[][] means = {ImageFixtures.mu(), ImageFixtures.classMean(0), ImageFixtures.classMean(1)};
    for (int i = 0; i < 3; i++) {
      System.arraycopy(means[i], 0, x, i * means[i].length, means[i].length);
    }
    Images.Uint8 images = Fixtures.quantised(x, 3, 16, 16);
    byte[] file = ImageFixtures.file(ImageFixtures.CLASSIFIER);
    FeatureContract contract =
        FeatureContract.uint8Images(
            "classifier", 3, FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES, 64, 2);
    try (FeatureNetwork net = FeatureNetwork.load(file, Hashes.sha256(file), contract)) {
      double[] logits = net.logits(images);
      Fixtures.assertClose(ImageFixtures.doubles(probe.get("classifierLogits")), logits, "logits");
      Fixtures.assertClose(
          ImageFixtures.doubles(probe.get("classifierFeatures")),
          net.extract(images).values(),
          "features");
      long[] top1 = new long[2];
      TopN.addTop1(Arrays.copyOfRange(logits, 2, 6), top1); // the class means
      assertArrayEquals(new long[] {1, 1}, top1);
      assertTrue(logits[5] - logits[4] > 25, "class 1's mean is far on class 1's side");
    }
    try (FeatureNetwork headless =
        FeatureNetwork.load(
            file,
            Hashes.sha256(file),
            FeatureContract.uint8Images(
                "classifier", 3, FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES, 64))) {
      assertThrows(IllegalStateException.class, () -> headless.logits(images));
    }
  }

  @Test
  void noImagesGiveNoFeatures() {
    try (FeatureNetwork net =
        Fixtures.load(Fixtures.INCEPTION, FeatureContract.INCEPTION_V3_2015)) {
      Features f = net.extract(new Images.Uint8(0, 3, 8, 8, new byte[0]));
      assertEquals(0, f.n());
      assertEquals(0, f.values().length);
    }
  }

  @Test
  void nativeArraysStayAtZeroOverManyBatches() {
    try (FeatureNetwork inception =
            Fixtures.load(Fixtures.INCEPTION, FeatureContract.INCEPTION_V3_2015);
        FeatureNetwork dinov2 = Fixtures.load(Fixtures.DINOV2, FeatureContract.DINOV2_VITL14)) {
      Images.Uint8 small = Fixtures.lcgImages(5, 64, 3, 32, 32);
      Images.Uint8 large = Fixtures.lcgImages(6, 8, 3, 64, 64);
      int before = inception.liveArrays() + dinov2.liveArrays();
      long t0 = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        inception.extract(small, 4); // 16 batches
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < 25; i++) {
        dinov2.extract(large, 2); // 4 batches
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "inception-like: %.0f images/s (32×32, batch 4); dinov2-like: %.0f images/s"
              + " (64×64 → 224, batch 2); live arrays %d → %d%n",
          50 * 64 / ((t1 - t0) / 1e9),
          25 * 8 / ((t2 - t1) / 1e9),
          before,
          inception.liveArrays() + dinov2.liveArrays());
      // Only the parameters live in the model managers: conv1/conv2 weight+bias (4) and patch
      // weight+bias, cls token, norm weight+bias (5). 800 batches leaking one array would add 800.
      assertEquals(4 + 5, before);
      assertEquals(4, inception.liveArrays(), "NDArrays leaked into the inception model manager");
      assertEquals(5, dinov2.liveArrays(), "NDArrays leaked into the dinov2 model manager");
    }
  }
}
