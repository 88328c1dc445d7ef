package dev.guidelab.testing;

import com.sun.management.ThreadMXBean;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Hostile uploads made in the test: zips whose entries inflate far beyond their size or whose
 * directory lies about it, and PNG files whose header declares more pixels than any memory holds.
 */
public final class Bombs {

  private Bombs() {}

  /**
   * A zip of one deflated entry: {@code prefix} then {@code zeros} zero bytes (a megabyte of zeros
   * deflates to about a kilobyte), written a chunk at a time.
   */
  public static byte[] zeros(String name, byte[] prefix, long zeros) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(prefix);
      byte[] chunk = new byte[1 << 20];
      for (long left = zeros; left > 0; left -= chunk.length) {
        zip.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A zip of the given entries, deflated, in order. */
  public static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * {@code zip} with the uncompressed size its central directory gives entry {@code index} (0 is
   * the first) replaced by {@code declared}: readers that trust the directory see what it says.
   */
  public static byte[] declare(byte[] zip, int index, long declared) {
    byte[] patched = zip.clone();
    ByteBuffer buf = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
    int seen = 0;
    for (int at = 0; at + 46 <= patched.length; at++) {
      if (buf.getInt(at) == 0x02014b50) { // central directory file header
        if (seen++ == index) {
          buf.putInt(at + 24, (int) declared); // uncompressed size (32 bits; 0xFFFFFFFF is zip64)
          return patched;
        }
      }
    }
    throw new IllegalArgumentException("no central directory entry " + index);
  }

  /** The {@code .npy} header numpy writes for a little-endian array of {@code descr}. */
  public static byte[] npyHeader(String descr, String shape) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteArrayOutputStream npy = new ByteArrayOutputStream();
    npy.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    npy.write(header.length() & 0xff);
    npy.write(header.length() >> 8);
    npy.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    return npy.toByteArray();
  }

  /**
   * A valid 1×1 PNG whose IHDR chunk is rewritten (with its CRC) to declare {@code width × height}:
   * its header claims an image of gigabytes, its data holds one pixel.
   */
  public static byte[] png(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] png = out.toByteArray();
    // Signature (8 bytes), then IHDR: length (4), "IHDR" (4), width (4), height (4), … , CRC.
    ByteBuffer buf = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
    if (buf.getInt(12) != 0x49484452) {
      throw new IllegalStateException("ImageIO's PNG does not start with IHDR");
    }
    buf.putInt(16, width);
    buf.putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 4 + 13); // chunk type and data
    buf.putInt(29, (int) crc.getValue());
    return png;
  }

  /** Entries in order, for {@link #zip}. */
  public static Map<String, byte[]> entries(Object... nameThenBytes) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      entries.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
    }
    return entries;
  }

  /**
   * The bytes of heap the current thread allocates while {@code action} runs (HotSpot's per-thread
   * allocation counter: exact for this thread, unaffected by other threads and by when the
   * collector runs).
   */
  public static long allocatedBy(Runnable action) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    action.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }
}
