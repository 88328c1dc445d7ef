package dev.guidelab.references;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .npz reader against files written by numpy (src/test/resources/references/make_fixtures.py).
 */
class NpzTest {

  static final double[] MU = {0.5, -1.25, 2.0};
  static final double[] SIGMA = {2.0, 0.5, 0.0, 0.5, 1.0, -0.25, 0.0, -0.25, 3.0};

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = NpzTest.class.getResourceAsStream("/references/" + name)) {
      return in.readAllBytes();
    }
  }

  private static void assertMessage(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
    }
  }

  @Test
  void float64ArraysFromNpSavezAreReadWithTheirShapes() throws IOException {
    Npz npz = Npz.read(fixture("stats-f8.npz"));
    assertEquals(Set.of("mu", "sigma"), npz.arrays().keySet());
    assertArrayEquals(new int[] {3}, npz.array("mu").shape());
    assertArrayEquals(MU, npz.array("mu").data());
    assertArrayEquals(new int[] {3, 3}, npz.array("sigma").shape());
    assertArrayEquals(SIGMA, npz.array("sigma").data());
  }

  @Test
  void compressedFloat32ArraysAreWidenedToDouble() throws IOException {
    Npz npz = Npz.read(fixture("stats-f4-compressed.npz"));
    // Every fixture value is exactly representable in float32.
    assertArrayEquals(MU, npz.array("mu").data());
    assertArrayEquals(SIGMA, npz.array("sigma").data());
  }

  @Test
  void npyVersions2And3AreRead() throws IOException {
    for (String file : new String[] {"stats-v2.npz", "stats-v3.npz"}) {
      Npz npz = Npz.read(fixture(file));
      assertArrayEquals(MU, npz.array("mu").data(), file);
      assertArrayEquals(new int[] {3, 3}, npz.array("sigma").shape(), file);
      assertArrayEquals(SIGMA, npz.array("sigma").data(), file);
    }
  }

  @Test
  void aMissingArrayIsNamedWithWhatTheFileHolds() throws IOException {
    Npz npz = Npz.read(fixture("no-sigma.npz"));
    NpzException e = assertThrows(NpzException.class, () -> npz.array("sigma"));
    assertEquals("sigma", e.array());
    assertMessage(e, "'sigma'", "[mu]");
  }

  @Test
  void unsupportedDtypesAreRefusedByName() throws IOException {
    byte[] ints = fixture("int64.npz");
    NpzException e = assertThrows(NpzException.class, () -> Npz.read(ints));
    assertEquals("mu", e.array());
    assertMessage(e, "'<i8'", "'<f8'");
    byte[] bigEndian = fixture("big-endian.npz");
    assertMessage(assertThrows(NpzException.class, () -> Npz.read(bigEndian)), "mu", "'>f8'");
  }

  @Test
  void fortranOrderIsRefused() throws IOException {
    byte[] fortran = fixture("fortran.npz");
    NpzException e = assertThrows(NpzException.class, () -> Npz.read(fortran));
    assertEquals("sigma", e.array());
    assertMessage(e, "Fortran");
  }

  @Test
  void bytesThatAreNotAnNpzAreRefused() {
    NpzException e = assertThrows(NpzException.class, () -> Npz.read(new byte[] {1, 2, 3}));
    assertMessage(e, "not an .npz");
  }

  @Test
  void npyWithAnUnknownVersionOrTruncatedDataIsRefused() {
    byte[] header =
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }          \n"
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] npy = new byte[10 + header.length + 8]; // one value short of shape (2,)
    System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, 0, npy, 0, 8);
    npy[8] = (byte) header.length;
    System.arraycopy(header, 0, npy, 10, header.length);
    assertMessage(assertThrows(NpzException.class, () -> Npz.readNpy("x", npy)), "needs 16 bytes");
    npy[6] = 4;
    assertMessage(assertThrows(NpzException.class, () -> Npz.readNpy("x", npy)), "version 4");
  }

  private static Path onDisk(Path dir, String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void uint8ImagesWrittenByNumpyAreStreamedInChunks(@TempDir Path dir) throws IOException {
    Path file = onDisk(dir, "images.npz", fixture("images-nhwc.npz"));
    try (Npz.OnDisk npz = Npz.OnDisk.open(file);
        NpyValues images = npz.values("images")) {
      assertEquals(Set.of("images"), npz.names());
      assertEquals("images(2, 2, 3, 3) '|u1'", images.header().toString());
      assertTrue(images.header().isUint8());
      byte[] all = new byte[36];
      images.readUint8(all, 0, 20);
      images.readUint8(all, 20, 16);
      for (int i = 0; i < all.length; i++) {
        assertEquals(i, all[i] & 0xff, "value " + i);
      }
    }
  }

  @Test
  void compressedFloat32FeaturesAreStreamedAndWidened(@TempDir Path dir) throws IOException {
    Path file = onDisk(dir, "features.npz", fixture("features-f4-compressed.npz"));
    try (Npz.OnDisk npz = Npz.OnDisk.open(file);
        NpyValues features = npz.values("features")) {
      assertArrayEquals(new int[] {5, 3}, features.header().shape());
      double[] x = new double[15];
      features.readDoubles(x, 0, 4);
      features.readDoubles(x, 4, 11);
      for (int i = 0; i < x.length; i++) {
        assertEquals(i / 4.0, x[i], 0, "value " + i);
      }
      NpzException e =
          assertThrows(NpzException.class, () -> features.readUint8(new byte[1], 0, 1));
      assertMessage(e, "'<f4', not uint8");
    }
  }

  @Test
  void anArrayWhoseDataEndsEarlySaysHowFarItGot(@TempDir Path dir) throws IOException {
    byte[] short10 = new NpzWriter().raw("images", "|u1", new byte[10], 4, 2, 2, 1).bytes();
    try (Npz.OnDisk npz = Npz.OnDisk.open(onDisk(dir, "short.npz", short10));
        NpyValues images = npz.values("images")) {
      NpzException e =
          assertThrows(NpzException.class, () -> images.readUint8(new byte[16], 0, 16));
      assertEquals("images", e.array());
      assertMessage(e, "ends after 10 of the 16 values", "(4, 2, 2, 1)");
    }
  }

  @Test
  void onDiskFilesNameMissingArraysAndRefuseWhatIsNoZip(@TempDir Path dir) throws IOException {
    try (Npz.OnDisk npz = Npz.OnDisk.open(onDisk(dir, "i.npz", fixture("images-nhwc.npz")))) {
      NpzException e = assertThrows(NpzException.class, () -> npz.values("features"));
      assertMessage(e, "'features'", "[images]");
    }
    Path garbage = onDisk(dir, "garbage.npz", new byte[] {1, 2, 3});
    assertMessage(assertThrows(NpzException.class, () -> Npz.OnDisk.open(garbage)), "not an .npz");
    // Reading in memory stays float-only: μ and Σ are never uint8.
    byte[] images = fixture("images-nhwc.npz");
    assertMessage(assertThrows(NpzException.class, () -> Npz.read(images)), "'|u1'", "'<f8'");
  }
}
