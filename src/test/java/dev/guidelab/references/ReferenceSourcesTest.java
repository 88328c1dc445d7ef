package dev.guidelab.references;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.Images;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads to compute references from: detected, checked against the network, streamed. */
class ReferenceSourcesTest {

  private static final String SHA = "ab".repeat(32);
  private static final FeatureContract ANY_SIZE =
      FeatureContract.uint8Images("rgb", 3, FeatureContract.ForwardCall.TENSOR, 8);

  @TempDir Path dir;

  private ReferenceSource open(byte[] file, Optional<ReferenceSources.Layout> layout)
      throws IOException {
    return open(file, layout, ANY_SIZE);
  }

  private ReferenceSource open(
      byte[] file, Optional<ReferenceSources.Layout> layout, FeatureContract contract)
      throws IOException {
    Path path = Files.write(Files.createTempFile(dir, "upload", ".bin"), file);
    return ReferenceSources.open(path, SHA, layout, contract);
  }

  private FieldError refused(byte[] file, Optional<ReferenceSources.Layout> layout) {
    return refused(file, layout, ANY_SIZE);
  }

  private FieldError refused(
      byte[] file, Optional<ReferenceSources.Layout> layout, FeatureContract contract) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> open(file, layout, contract).close());
    assertEquals(1, e.errors().size(), e.errors().toString());
    return e.errors().get(0);
  }

  private static void assertRefused(FieldError error, String field, String... parts) {
    assertEquals(field, error.field(), error.toString());
    for (String part : parts) {
      assertTrue(error.message().contains(part), "'" + part + "' not in: " + error.message());
    }
  }

  /** {@code n} random images, NCHW, and the same pixels NHWC. */
  private static byte[][] images(int n, int c, int h, int w) {
    SplittableRandom rng = new SplittableRandom(n);
    byte[] nchw = new byte[n * c * h * w];
    byte[] nhwc = new byte[nchw.length];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            byte v = (byte) rng.nextInt(256);
            nchw[((i * c + ch) * h + y) * w + x] = v;
            nhwc[((i * h + y) * w + x) * c + ch] = v;
          }
        }
      }
    }
    return new byte[][] {nchw, nhwc};
  }

  @Test
  void nhwcAndNchwArraysAreReadAsTheSameImagesAndRecordTheirLayout() throws IOException {
    byte[][] pixels = images(5, 3, 4, 6);
    byte[] nchw = new NpzWriter().uint8("images", pixels[0], 5, 3, 4, 6).bytes();
    byte[] nhwc = new NpzWriter().uint8("images", pixels[1], 5, 4, 6, 3).bytes();
    try (var a = (ReferenceSource.ImageSet) open(nchw, Optional.empty());
        var b = (ReferenceSource.ImageSet) open(nhwc, Optional.empty())) {
      assertEquals("npz:" + SHA + ":images:nchw", a.source());
      assertEquals("npz:" + SHA + ":images:nhwc", b.source());
      assertEquals(5, b.count());
      // Streamed in steps of 2, 2, 1: every image NCHW, the same pixels either way.
      byte[] got = new byte[pixels[0].length];
      int at = 0;
      for (Images.Uint8 batch = b.next(2); batch != null; batch = b.next(2)) {
        assertEquals(List.of(3, 4, 6), List.of(batch.channels(), batch.height(), batch.width()));
        System.arraycopy(batch.pixels(), 0, got, at, batch.pixels().length);
        at += batch.pixels().length;
      }
      assertArrayEquals(pixels[0], got);
      assertArrayEquals(pixels[0], a.next(10).pixels());
      assertNull(a.next(10));
    }
  }

  @Test
  void anAmbiguousShapeNeedsTheLayoutAndAShapeWithoutTheChannelsIsRefused() throws IOException {
    byte[] ambiguous = new NpzWriter().uint8("images", new byte[2 * 36], 2, 3, 4, 3).bytes();
    assertRefused(
        refused(ambiguous, Optional.empty()),
        "layout",
        "(2, 3, 4, 3)",
        "layout=nchw or layout=nhwc");
    try (ReferenceSource s = open(ambiguous, Optional.of(ReferenceSources.Layout.NHWC))) {
      assertEquals("npz:" + SHA + ":images:nhwc", s.source());
    }
    byte[] grey = new NpzWriter().uint8("images", new byte[2 * 16], 2, 1, 4, 4).bytes();
    assertRefused(refused(grey, Optional.empty()), "file", "no axis of 3 channels");
    assertRefused(
        refused(grey, Optional.of(ReferenceSources.Layout.NCHW)), "file", "has 1 channels");
    byte[] floats = new NpzWriter().float32("images", new float[2 * 48], 2, 3, 4, 4).bytes();
    assertRefused(refused(floats, Optional.empty()), "file", "must be uint8 of rank 4");
  }

  @Test
  void imagesOfAnotherSizeThanAFixedSizeNetworkTakesAreRefused() {
    FeatureContract fixed =
        new FeatureContract(
            "fixed",
            FeatureContract.InputKind.UINT8_NCHW,
            3,
            8,
            8,
            List.of(),
            List.of(),
            FeatureContract.ForwardCall.TENSOR,
            8,
            0,
            "uint8-nchw/8x8");
    byte[] small = new NpzWriter().uint8("images", new byte[2 * 48], 2, 3, 4, 4).bytes();
    assertRefused(
        refused(small, Optional.empty(), fixed), "file", "images.height: expected 8, got 4");
  }

  @Test
  void featuresMustHaveTheNetworksDimensionAndBeFiniteAsTheyStream() throws IOException {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    try (var f =
        (ReferenceSource.FeatureSet)
            open(new NpzWriter().float64("features", x, 2, 8).bytes(), Optional.empty())) {
      assertEquals("npz:" + SHA + ":features", f.source());
      assertEquals(8, f.dim());
      assertArrayEquals(x, f.next(100));
      assertNull(f.next(100));
    }
    byte[] seven = new NpzWriter().float32("features", new float[14], 2, 7).bytes();
    assertRefused(refused(seven, Optional.empty()), "file", "shape (N, 8)", "(2, 7)");
    byte[] withLayout = new NpzWriter().float32("features", new float[16], 2, 8).bytes();
    assertRefused(
        refused(withLayout, Optional.of(ReferenceSources.Layout.NCHW)),
        "layout",
        "'images' array only");
    float[] nan = new float[16];
    nan[11] = Float.NaN;
    try (var f =
        (ReferenceSource.FeatureSet)
            open(new NpzWriter().float32("features", nan, 2, 8).bytes(), Optional.empty())) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> f.next(100));
      assertRefused(e.errors().get(0), "file", "row 1, column 3 is NaN");
    }
  }

  @Test
  void anNpzNeedsExactlyOneOfImagesAndFeatures() throws IOException {
    assertRefused(
        refused(NpzTest.fixture("stats-f8.npz"), Optional.empty()),
        "file",
        "[mu, sigma]",
        "POST /api/references");
    byte[] both =
        new NpzWriter()
            .uint8("images", new byte[96], 2, 3, 4, 4)
            .float32("features", new float[16], 2, 8)
            .bytes();
    assertRefused(refused(both, Optional.empty()), "file", "both 'images' and 'features'");
    assertRefused(refused(new byte[] {1, 2, 3}, Optional.empty()), "file", "not an .npz or .zip");
  }

  private static byte[] png(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static BufferedImage rgb(int w, int h, int seed) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, (seed * 40 + x) << 16 | (seed * 7 + y) << 8 | (x * y));
      }
    }
    return image;
  }

  @Test
  void aZipOfImageFilesIsReadAsRgbPlanesInZipOrder() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("b/second.png", png(rgb(5, 4, 2), "png"));
    files.put("a/first.PNG", png(rgb(5, 4, 1), "png"));
    files.put("__MACOSX/a/._first.PNG", new byte[] {0, 5, 22, 7});
    BufferedImage grey = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(3, 2, 0, 200);
    files.put("grey.png", png(grey, "png"));
    files.put("photo.jpg", png(rgb(5, 4, 3), "jpg"));
    try (var images = (ReferenceSource.ImageSet) open(NpzWriter.zip(files), Optional.empty())) {
      assertEquals("zip:" + SHA + ":images", images.source());
      assertEquals(4, images.count());
      Images.Uint8 batch = images.next(10);
      assertEquals(
          List.of(4, 3, 4, 5), List.of(batch.n(), batch.channels(), batch.height(), batch.width()));
      byte[] p = batch.pixels();
      int plane = 4 * 5;
      // Image 0 is b/second.png (seed 2): pixel (x = 3, y = 2) is R 83, G 16, B 6.
      int at = 2 * 5 + 3;
      assertEquals(
          List.of(83, 16, 6),
          List.of(p[at] & 0xff, p[plane + at] & 0xff, p[2 * plane + at] & 0xff));
      // Image 1 is a/first.PNG (seed 1): R 43 there.
      assertEquals(43, p[3 * plane + at] & 0xff);
      // The grey image's value is repeated in R, G and B.
      int g = 2 * 3 * plane;
      assertEquals(
          List.of(200, 200, 200),
          List.of(p[g + at] & 0xff, p[g + plane + at] & 0xff, p[g + 2 * plane + at] & 0xff));
      assertNull(images.next(10));
    }
  }

  @Test
  void aZipWithOtherFilesOrImagesOfAnotherSizeIsRefusedNamingTheEntry() throws IOException {
    Map<String, byte[]> withText = new LinkedHashMap<>();
    withText.put("a.png", png(rgb(5, 4, 1), "png"));
    withText.put("README.txt", new byte[] {'h', 'i'});
    assertRefused(refused(NpzWriter.zip(withText), Optional.empty()), "file", "[README.txt]");
    Map<String, byte[]> sizes = new LinkedHashMap<>();
    sizes.put("a.png", png(rgb(5, 4, 1), "png"));
    sizes.put("b.png", png(rgb(4, 4, 1), "png"));
    try (var images = (ReferenceSource.ImageSet) open(NpzWriter.zip(sizes), Optional.empty())) {
      InvalidRequestException e =
          assertThrows(InvalidRequestException.class, () -> images.next(10));
      assertRefused(e.errors().get(0), "file", "entry 'b.png' is 4×4", "first image is 5×4");
    }
    Map<String, byte[]> broken = Map.of("x.png", new byte[] {1, 2, 3});
    assertRefused(refused(NpzWriter.zip(broken), Optional.empty()), "file", "entry 'x.png'");
    FeatureContract grey =
        FeatureContract.uint8Images("grey", 1, FeatureContract.ForwardCall.TENSOR, 8);
    assertRefused(
        refused(NpzWriter.zip(sizes), Optional.empty(), grey), "file", "takes 1 channels");
  }
}
