package dev.guidelab.references;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code .npz} files as {@code np.savez} does (a zip of version 1.0 {@code .npy} entries,
 * headers padded to 64 bytes), so tests can make uploads of any size without Python.
 */
public final class NpzWriter {

  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  /** Adds a uint8 array. */
  public NpzWriter uint8(String name, byte[] values, int... shape) {
    return add(name, "|u1", shape, values);
  }

  /** Adds a float32 array. */
  public NpzWriter float32(String name, float[] values, int... shape) {
    ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return add(name, "<f4", shape, buf.array());
  }

  /** Adds a float64 array. */
  public NpzWriter float64(String name, double[] values, int... shape) {
    ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asDoubleBuffer().put(values);
    return add(name, "<f8", shape, buf.array());
  }

  /** Adds an array whose data bytes are given as they are (e.g. fewer than its shape needs). */
  public NpzWriter raw(String name, String descr, byte[] data, int... shape) {
    return add(name, descr, shape, data);
  }

  private NpzWriter add(String name, String descr, int[] shape, byte[] data) {
    String tuple =
        Arrays.stream(shape)
            .mapToObj(String::valueOf)
            .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteArrayOutputStream npy = new ByteArrayOutputStream();
    npy.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    npy.write(header.length() & 0xff);
    npy.write(header.length() >> 8);
    npy.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    npy.writeBytes(data);
    entries.put(name + ".npy", npy.toByteArray());
    return this;
  }

  /** The {@code .npz} file. */
  public byte[] bytes() {
    return zip(entries);
  }

  /** A zip of the given entries, in order (e.g. a folder of PNG files). */
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
}
