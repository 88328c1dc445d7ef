package dev.guidelab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.testing.Bombs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zip bombs are refused from the zip's directory, or cut off where their entry lied. */
class ZipBoundsTest {

  @TempDir Path dir;

  private static void assertMessage(InvalidRequestException e, String... parts) {
    assertEquals("file", e.errors().get(0).field());
    for (String part : parts) {
      assertTrue(e.errors().get(0).message().contains(part), e.errors().get(0).message());
    }
  }

  @Test
  void anEntryDeclaringGigabytesFromKilobytesIsRefusedBeforeItInflates() throws IOException {
    // 8 MiB of zeros deflate to about 8 KB; the directory then claims 4 GiB.
    byte[] bomb = Bombs.declare(Bombs.zeros("data.npy", new byte[0], 8 << 20), 0, 0xFFFFFFFEL);
    assertTrue(bomb.length < 20_000, "a " + bomb.length + "-byte bomb");
    Path file = Files.write(dir.resolve("bomb.zip"), bomb);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      long allocated =
          Bombs.allocatedBy(
              () ->
                  assertMessage(
                      assertThrows(
                          InvalidRequestException.class,
                          () -> ZipBounds.check(zip, Long.MAX_VALUE)),
                      "entry 'data.npy' declares 4294967294 bytes from",
                      "at most 100× its compressed size"));
      assertTrue(allocated < 4 << 20, allocated + " bytes allocated");
    }
  }

  @Test
  void anHonestEntryPassesAndTheTotalIsBoundedToo() throws IOException {
    // 4 MiB of zeros: over the ratio, but 1 MiB of zeros is within the free allowance.
    Path small = Files.write(dir.resolve("small.zip"), Bombs.zeros("a", new byte[0], 1 << 20));
    try (ZipFile zip = new ZipFile(small.toFile())) {
      ZipBounds.check(zip, Long.MAX_VALUE);
      assertMessage(
          assertThrows(InvalidRequestException.class, () -> ZipBounds.check(zip, 1000)),
          "more than 1000 bytes in all");
    }
    Path zeros = Files.write(dir.resolve("zeros.zip"), Bombs.zeros("z", new byte[0], 4 << 20));
    try (ZipFile zip = new ZipFile(zeros.toFile())) {
      assertMessage(
          assertThrows(InvalidRequestException.class, () -> ZipBounds.check(zip, Long.MAX_VALUE)),
          "entry 'z' declares 4194304 bytes");
    }
  }

  @Test
  void anEntryThatInflatesPastWhatItDeclaresIsCutOffThere() throws IOException {
    // The directory says 1000 bytes; the data inflates to 64 MiB.
    byte[] lying = Bombs.declare(Bombs.zeros("a.bin", new byte[0], 64 << 20), 0, 1000);
    Path file = Files.write(dir.resolve("lying.zip"), lying);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry entry = zip.getEntry("a.bin");
      ZipBounds.check(zip, Long.MAX_VALUE); // 1000 bytes: nothing to refuse in the directory
      long allocated =
          Bombs.allocatedBy(
              () -> {
                IOException e =
                    assertThrows(
                        IOException.class,
                        () -> {
                          try (InputStream in = ZipBounds.open(zip, entry)) {
                            in.readAllBytes();
                          }
                        });
                assertTrue(e.getMessage().contains("inflates to more than the 1000 bytes"));
              });
      assertTrue(allocated < 4 << 20, allocated + " bytes allocated");
    }
  }

  @Test
  void aTorchScriptZipIsCheckedInFullAndOtherBytesAreLeftToLibtorch() {
    ZipBounds.checkInMemory(new byte[] {1, 2, 3}, ZipBounds.TORCHSCRIPT_MAX_INFLATED);
    byte[] honest =
        Bombs.zip(Bombs.entries("archive/data.pkl", new byte[100], "archive/version", new byte[1]));
    ZipBounds.checkInMemory(honest, ZipBounds.TORCHSCRIPT_MAX_INFLATED);
    assertMessage(
        assertThrows(
            InvalidRequestException.class,
            () ->
                ZipBounds.checkInMemory(
                    Bombs.declare(honest, 0, 3_000_000_000L), ZipBounds.TORCHSCRIPT_MAX_INFLATED)),
        "entry 'archive/data.pkl' declares 3000000000 bytes");
    // Declaring less than it holds: libtorch would allocate the declared size and overrun it.
    assertMessage(
        assertThrows(
            InvalidRequestException.class,
            () ->
                ZipBounds.checkInMemory(
                    Bombs.declare(honest, 0, 10), ZipBounds.TORCHSCRIPT_MAX_INFLATED)),
        "entry 'archive/data.pkl' inflates to more than the 10 bytes");
    assertMessage(
        assertThrows(
            InvalidRequestException.class,
            () -> ZipBounds.checkInMemory(Bombs.declare(honest, 0, 1000), 1 << 20)),
        "entry 'archive/data.pkl' declares 1000 bytes but inflates to 100");
  }
}
