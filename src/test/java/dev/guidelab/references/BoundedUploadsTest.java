package dev.guidelab.references;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.testing.Bombs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile uploads — zip bombs, PNG bombs, arrays declaring more than any memory — are refused from
 * their headers and directories, before anything is inflated or decoded. Each refusal is measured
 * by what the refusing thread allocates (exact, unlike the heap's size): a few megabytes, where
 * reading the bomb would take hundreds of megabytes or gigabytes.
 */
class BoundedUploadsTest {

  /** What a refusal may allocate: buffers and messages, never the bomb's contents. */
  private static final long FEW_MB = 8 << 20;

  private static final String SHA = "ab".repeat(32);
  private static final FeatureContract ANY_SIZE =
      FeatureContract.uint8Images("rgb", 3, FeatureContract.ForwardCall.TENSOR, 8);

  @TempDir Path dir;

  private FieldError refusedAtOpen(byte[] upload) {
    Path file;
    try {
      file = Files.write(Files.createTempFile(dir, "upload", ".bin"), upload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FieldError[] error = new FieldError[1];
    long allocated =
        Bombs.allocatedBy(
            () -> {
              InvalidRequestException e =
                  assertThrows(
                      InvalidRequestException.class,
                      () -> ReferenceSources.open(file, SHA, Optional.empty(), ANY_SIZE).close());
              error[0] = e.errors().get(0);
            });
    assertTrue(allocated < FEW_MB, allocated + " bytes allocated refusing it");
    return error[0];
  }

  private static void assertRefused(FieldError error, String field, String... parts) {
    assertEquals(field, error.field(), error.toString());
    for (String part : parts) {
      assertTrue(error.message().contains(part), "'" + part + "' not in: " + error.message());
    }
  }

  private static byte[] png(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Test
  void aPngDeclaringFiftyThousandSquaredPixelsIsRefusedFromItsHeader() {
    byte[] bomb = Bombs.png(50_000, 50_000); // 10 GB as ARGB pixels
    assertTrue(bomb.length < 200, "a " + bomb.length + "-byte PNG");
    assertRefused(
        refusedAtOpen(Bombs.zip(Bombs.entries("bomb.png", bomb))),
        "file",
        "entry 'bomb.png' is 50000×50000 (W×H)",
        "at most 2048×2048");
  }

  @Test
  void aLaterPngOfAnotherSizeIsRefusedBeforeItIsDecoded() throws IOException {
    byte[] zip = Bombs.zip(Bombs.entries("a.png", png(5, 4), "b.png", Bombs.png(2000, 2000)));
    Path file = Files.write(dir.resolve("later.zip"), zip);
    try (var images =
        (ReferenceSource.ImageSet) ReferenceSources.open(file, SHA, Optional.empty(), ANY_SIZE)) {
      FieldError[] error = new FieldError[1];
      long allocated =
          Bombs.allocatedBy(
              () ->
                  error[0] =
                      assertThrows(InvalidRequestException.class, () -> images.next(10))
                          .errors()
                          .get(0));
      // Decoding a 2000×2000 image would take 16 MB for its pixels alone.
      assertTrue(allocated < FEW_MB, allocated + " bytes allocated");
      assertRefused(
          error[0], "file", "entry 'b.png' is 2000×2000 (W×H) but the first image is 5×4");
    }
  }

  @Test
  void aZipWhoseDirectoryDeclaresGigabytesIsRefusedBeforeItInflates() {
    byte[] bomb = Bombs.declare(Bombs.zeros("images.npy", new byte[0], 1 << 20), 0, 0xFFFFFFFEL);
    assertRefused(refusedAtOpen(bomb), "file", "declares 4294967294 bytes", "a zip bomb?");
    byte[] pngs = Bombs.declare(Bombs.zip(Bombs.entries("a.png", png(5, 4))), 0, 0xFFFFFFFEL);
    assertRefused(refusedAtOpen(pngs), "file", "entry 'a.png' declares 4294967294 bytes");
  }

  @Test
  void anImagesArrayLargerThanTheSideLimitIsRefusedFromItsHeader() {
    // 100 images of 3×4096×4096 would be 5 GB; the header alone is refused.
    byte[] npz =
        Bombs.zip(Bombs.entries("images.npy", Bombs.npyHeader("|u1", "(100, 3, 4096, 4096)")));
    assertRefused(
        refusedAtOpen(npz),
        "file",
        "array 'images' of shape (100, 3, 4096, 4096) read as NCHW is 4096×4096 (W×H)",
        "at most 2048×2048");
  }

  @Test
  void anNpyEntryThatInflatesPastItsDeclaredSizeIsCutOff() throws IOException {
    // 'images' says (64, 3, 512, 512), 48 MiB; its entry declares 200 bytes and inflates to all.
    byte[] header = Bombs.npyHeader("|u1", "(64, 3, 512, 512)");
    byte[] lying = Bombs.declare(Bombs.zeros("images.npy", header, 48 << 20), 0, 200);
    Path file = Files.write(dir.resolve("lying.npz"), lying);
    try (var images =
        (ReferenceSource.ImageSet) ReferenceSources.open(file, SHA, Optional.empty(), ANY_SIZE)) {
      NpzException e = assertThrows(NpzException.class, () -> images.next(64));
      assertTrue(e.getMessage().contains("inflates to more than the 200 bytes"), e.getMessage());
    }
  }

  @Test
  void anImportedNpzBombIsRefusedFromItsHeaderBeforeItsDataInflates() {
    // mu claims 8,000,000 float64 (64 MB) and holds them: 64 MB of zeros deflate to about 64 KB.
    byte[] bomb = Bombs.zeros("mu.npy", Bombs.npyHeader("<f8", "(8000000,)"), 64_000_000);
    assertTrue(bomb.length < 200_000, "a " + bomb.length + "-byte file");
    long allocated =
        Bombs.allocatedBy(
            () -> {
              InvalidRequestException e =
                  assertThrows(InvalidRequestException.class, () -> NpzMoments.read(bomb));
              assertRefused(
                  e.errors().get(0),
                  "mu",
                  "needs 64000000 bytes of data, more than the file may inflate to",
                  "100× its size");
            });
    assertTrue(allocated < FEW_MB, allocated + " bytes allocated");
  }

  @Test
  void anImportedEntryOfZerosWithoutAHeaderStopsAtItsFirstBytes() {
    byte[] zeros = Bombs.zeros("sigma.npy", new byte[0], 64 << 20);
    long allocated =
        Bombs.allocatedBy(
            () -> {
              NpzException e = assertThrows(NpzException.class, () -> Npz.read(zeros));
              assertTrue(e.getMessage().contains("not an .npy array"), e.getMessage());
            });
    assertTrue(allocated < FEW_MB, allocated + " bytes allocated");
  }

  @Test
  void anImportedArrayOfMoreValuesThanTheLimitIsRefusedByItsShape() {
    byte[] huge = Bombs.zip(Bombs.entries("sigma.npy", Bombs.npyHeader("<f8", "(5000, 5000)")));
    NpzException e = assertThrows(NpzException.class, () -> Npz.read(huge));
    assertTrue(e.getMessage().contains("has 25000000 values"), e.getMessage());
    byte[] overflow =
        Bombs.zip(Bombs.entries("mu.npy", Bombs.npyHeader("<f8", "(2147483647, 2147483647, 3)")));
    assertThrows(NpzException.class, () -> Npz.read(overflow));
  }

  @Test
  void aReadStepHoldsAtMostAQuarterGigabyteOfImages() {
    assertEquals(256, ReferenceSources.perStep(256, 3 * 64 * 64));
    assertEquals(256, ReferenceSources.perStep(256, 3 * 512 * 512)); // 192 MiB per step
    assertEquals(21, ReferenceSources.perStep(256, 3 * 2048 * 2048));
    assertEquals(1, ReferenceSources.perStep(256, 1L << 30));
    assertEquals(10, ReferenceSources.perStep(10, 3));
  }
}
