package dev.guidelab.references;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.content.Hashes;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.features.Images;
import dev.guidelab.metrics.MomentAccumulator;
import dev.guidelab.models.ImageFixtures;
import dev.guidelab.testing.EmbeddedInfrastructure;
import dev.guidelab.testing.ImageRegistrations;
import dev.guidelab.testing.References;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reference statistics computed over REST from images, a folder of images and features through a
 * registered feature network (the 64-D fixture), stored by content key with their feature vectors:
 * the same upload is a cache hit, anything different a miss, and bad uploads are refused by field.
 */
@Tag("flow")
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ReferenceComputeApiTest {

  private static final String NET = "refs-pooled";
  private static final Duration JOB = Duration.ofMinutes(2);
  private static final byte[] NET_FILE = ImageFixtures.file(ImageFixtures.FEATURES);
  private static final FeatureContract CONTRACT =
      FeatureContract.uint8Images(NET, 3, FeatureContract.ForwardCall.TENSOR, 64);

  @Inject ReferenceStore store;

  @BeforeEach
  void registerTheFeatureNetwork() {
    ImageRegistrations.featureNetwork(NET);
  }

  /** {@code n} random 3×16×16 images: {@code [0]} NCHW, {@code [1]} the same pixels NHWC. */
  private static byte[][] images(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] nchw = new byte[n * 768];
    byte[] nhwc = new byte[nchw.length];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 256; p++) {
          byte v = (byte) rng.nextInt(256);
          nchw[(i * 3 + c) * 256 + p] = v;
          nhwc[(i * 256 + p) * 3 + c] = v;
        }
      }
    }
    return new byte[][] {nchw, nhwc};
  }

  /** The fixture network's features of NCHW images, computed here. */
  private static double[] features(byte[] nchw) {
    try (FeatureNetwork network =
        FeatureNetwork.load(NET_FILE, Hashes.sha256(NET_FILE), CONTRACT)) {
      return network.extract(new Images.Uint8(nchw.length / 768, 3, 16, 16, nchw)).values();
    }
  }

  private static Map<String, Object> params(String name, Object... more) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", name);
    params.put("features", NET);
    for (int i = 0; i < more.length; i += 2) {
      params.put((String) more[i], more[i + 1]);
    }
    return params;
  }

  @Test
  void imagesGoThroughTheNetworkOnceAndTheSameUploadIsACacheHit() {
    byte[][] pixels = images(300, 1);
    byte[] npz = new NpzWriter().uint8("images", pixels[1], 300, 16, 16, 3).bytes();
    Response started = References.compute(npz, params("api-images", "priority", 3));
    assertEquals(202, started.statusCode(), started.asString());
    given()
        .get("/api/experiments/" + started.path("experimentId"))
        .then()
        .body("spec.priority", equalTo(3));
    String key = started.path("key");
    assertTrue(started.header("Location").endsWith("/api/references/jobs/" + key));
    assertEquals(300, (int) started.path("total"));
    assertEquals("npz:" + Hashes.sha256(npz) + ":images:nhwc", started.path("source"));
    JsonNode job = References.awaitJob(key, JOB);
    assertEquals("COMPLETED", job.get("state").asText(), job.toPrettyString());
    assertEquals(300, job.get("done").asInt());

    given()
        .get("/api/references/api-images")
        .then()
        .statusCode(200)
        .body("key", equalTo(key))
        .body("n", equalTo(300))
        .body("dim", equalTo(64))
        .body("ddof", equalTo(1))
        .body("knnSamples", equalTo(300))
        .body("featureNetwork", equalTo(Hashes.sha256(NET_FILE)))
        .body("pipeline", equalTo(CONTRACT.pipeline()));
    // The numbers are the network's features of the NCHW images: the NHWC array was transposed.
    double[] expected = features(pixels[0]);
    MomentAccumulator moments = new MomentAccumulator();
    moments.accept(expected, 64);
    ReferenceStatistics stored = store.findByKey(key).orElseThrow();
    assertArrayEquals(moments.mean(), stored.mu(), 1e-6);
    assertArrayEquals(moments.covariance(1)[5], stored.sigma()[5], 1e-6);
    ReferenceFeatures kept = store.features(key).orElseThrow();
    assertEquals(300, kept.n(), "all of them: fewer than guidelab.references.knn-samples");
    for (int i = 0; i < expected.length; i += 97) {
      assertEquals(expected[i], kept.values()[i], 1e-6, "value " + i);
    }

    // The same upload under any name: the stored entry, nothing computed.
    References.compute(npz, params("api-images-again"))
        .then()
        .statusCode(200)
        .body("name", equalTo("api-images"))
        .body("key", equalTo(key));
    // Anything different is another key: ddof, or one pixel.
    Response ddof0 = References.compute(npz, params("api-images-ddof0", "ddof", 0));
    assertEquals(202, ddof0.statusCode(), ddof0.asString());
    assertNotEquals(key, ddof0.path("key"));
    assertEquals("COMPLETED", References.awaitJob(ddof0.path("key"), JOB).get("state").asText());
    pixels[1][0] ^= 1;
    byte[] other = new NpzWriter().uint8("images", pixels[1], 300, 16, 16, 3).bytes();
    References.compute(other, params("api-images"))
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("name"));
    Response changed = References.compute(other, params("api-images-changed"));
    assertEquals(202, changed.statusCode(), changed.asString());
    assertNotEquals(key, changed.path("key"));
    References.awaitJob(changed.path("key"), JOB);
  }

  private static byte[] png(byte[] nchw, int i) throws IOException {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < 256; p++) {
      int r = nchw[i * 768 + p] & 0xff;
      int g = nchw[i * 768 + 256 + p] & 0xff;
      int b = nchw[i * 768 + 512 + p] & 0xff;
      image.setRGB(p % 16, p / 16, r << 16 | g << 8 | b);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  void aFolderOfPngFilesAndUploadedFeaturesAreSourcesToo() throws IOException {
    byte[] nchw = images(20, 2)[0];
    Map<String, byte[]> folder = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      folder.put(String.format("train/%03d.png", i), png(nchw, i));
    }
    JsonNode fromPng = References.computeAndWait(NpzWriter.zip(folder), params("api-folder"), JOB);
    JsonNode fromNpz =
        References.computeAndWait(
            new NpzWriter().uint8("images", nchw, 20, 3, 16, 16).bytes(),
            params("api-folder-npz"),
            JOB);
    assertTrue(fromPng.get("source").asText().startsWith("zip:"), fromPng.toString());
    assertNotEquals(fromPng.get("key"), fromNpz.get("key"), "other bytes, another key");
    assertArrayEquals(
        store.findByName("api-folder-npz").orElseThrow().mu(),
        store.findByName("api-folder").orElseThrow().mu(),
        1e-12,
        "the same pixels give the same statistics");

    // Features are taken as they are; the pipeline that made them is unknown to Guidelab.
    float[] f = new float[50 * 64];
    SplittableRandom rng = new SplittableRandom(3);
    double[] widened = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) rng.nextGaussian();
      widened[i] = f[i];
    }
    JsonNode fromFeatures =
        References.computeAndWait(
            new NpzWriter().float32("features", f, 50, 64).bytes(), params("api-features"), JOB);
    assertEquals("unknown", fromFeatures.get("pipeline").asText());
    assertEquals(50, fromFeatures.get("knnSamples").asInt());
    MomentAccumulator moments = new MomentAccumulator();
    moments.accept(widened, 64);
    assertArrayEquals(moments.mean(), store.findByName("api-features").orElseThrow().mu(), 1e-12);
  }

  @Test
  void badUploadsAreRefusedByFieldAndProblemsFoundWhileComputingFailTheJob() throws IOException {
    byte[] fine = new NpzWriter().uint8("images", new byte[2 * 768], 2, 3, 16, 16).bytes();
    References.compute(fine, Map.of("name", "api-bad"))
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("features"));
    References.compute(
            fine, params("api-bad", "features", "nope", "layout", "hwc", "ddof", 2, "priority", 11))
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("features"))
        .body("violations.field", hasItem("layout"))
        .body("violations.field", hasItem("ddof"))
        .body("violations.field", hasItem("priority"));
    Map<String, byte[]> refusedFiles = new LinkedHashMap<>();
    refusedFiles.put("empty body", new byte[0]);
    refusedFiles.put("no zip", new byte[] {1, 2, 3});
    refusedFiles.put("mu and sigma", NpzTest.fixture("stats-f8.npz"));
    refusedFiles.put(
        "grey images", new NpzWriter().uint8("images", new byte[512], 2, 1, 16, 16).bytes());
    refusedFiles.put(
        "one image", new NpzWriter().uint8("images", new byte[768], 1, 3, 16, 16).bytes());
    refusedFiles.put(
        "32-D features", new NpzWriter().float32("features", new float[64], 2, 32).bytes());
    for (Map.Entry<String, byte[]> bad : refusedFiles.entrySet()) {
      References.compute(bad.getValue(), params("api-bad"))
          .then()
          .statusCode(400)
          .body("violations[0].field", equalTo("file"))
          .body("violations[0].message", org.hamcrest.Matchers.not(containsString("Exception")));
    }
    byte[] ambiguous =
        new NpzWriter().uint8("images", new byte[2 * 3 * 16 * 3], 2, 3, 16, 3).bytes();
    References.compute(ambiguous, params("api-bad"))
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("layout"));

    // A second image of another size is found while computing: the job fails, nothing is stored.
    byte[] nchw = images(2, 4)[0];
    Map<String, byte[]> folder = new LinkedHashMap<>();
    folder.put("a.png", png(nchw, 0));
    BufferedImage small = new BufferedImage(8, 16, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(small, "png", out);
    folder.put("b.png", out.toByteArray());
    Response started = References.compute(NpzWriter.zip(folder), params("api-bad"));
    assertEquals(202, started.statusCode(), started.asString());
    JsonNode job = References.awaitJob(started.path("key"), JOB);
    assertEquals("FAILED", job.get("state").asText());
    assertTrue(job.get("error").asText().startsWith("file: entry 'b.png' is 8×16"), job.toString());
    given().get("/api/references/api-bad").then().statusCode(404);
    given().get("/api/references/jobs/no-such-key").then().statusCode(404);
  }

  @Test
  void imageSpecsAskForKnnMetricsOnlyAgainstReferencesWithStoredVectors() {
    ImageRegistrations.model(ImageFixtures.EXACT, "refs-model");
    double[] mu = new double[64];
    double[] sigma = new double[64 * 64];
    for (int i = 0; i < 64; i++) {
      sigma[i * 65] = 1;
    }
    given()
        .contentType("application/octet-stream")
        .body(new NpzWriter().float64("mu", mu, 64).float64("sigma", sigma, 64, 64).bytes())
        .queryParam("name", "api-imported")
        .queryParam("features", NET)
        .post("/api/references")
        .then()
        .statusCode(201)
        .body("knnSamples", equalTo(0));
    References.computeAndWait(
        new NpzWriter().uint8("images", images(10, 5)[0], 10, 3, 16, 16).bytes(),
        params("api-computed"),
        JOB);
    String spec =
        """
        {"name": "knn", "main": "refs-model", "sweep": [{"method": "none"}], "samples": 10,
         "features": "%s", "reference": "%s", "metrics": ["fd", "fd_infinity", "kid", "recall"]}
        """;
    given()
        .contentType("application/json")
        .body(spec.formatted(NET, "api-imported"))
        .post("/api/experiments/validate")
        .then()
        .statusCode(400)
        .body("violations.field", equalTo(java.util.List.of("metrics[2]", "metrics[3]")))
        .body("violations[0].message", containsString("reference 'api-imported' keeps none"));
    given()
        .contentType("application/json")
        .body(spec.formatted(NET, "api-computed"))
        .post("/api/experiments/validate")
        .then()
        .statusCode(200);
  }
}
