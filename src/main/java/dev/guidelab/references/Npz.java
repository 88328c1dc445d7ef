package dev.guidelab.references;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A reader for numpy {@code .npz} files ({@code np.savez}, {@code np.savez_compressed}): a zip of
 * {@code <name>.npy} entries. Each {@code .npy} is the magic {@code \x93NUMPY}, a version byte pair
 * (1.0, 2.0 or 3.0), a little-endian header length (2 bytes for version 1, 4 otherwise), a Python
 * dict literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (d, d), }}, then the data
 * (numpy's NEP 1 format). Only little-endian float64 ({@code <f8}) and float32 ({@code <f4}) in C
 * order are read — what pytorch-fid and clean-fid write for μ and Σ; anything else is refused by
 * name. Values are widened to double.
 */
public final class Npz {

  /** One array: its name, shape and values in C (row-major) order. */
  public record Array(String name, int[] shape, double[] data) {

    /** The number of dimensions. */
    public int rank() {
      return shape.length;
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape);
    }
  }

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final Map<String, Array> arrays;

  private Npz(Map<String, Array> arrays) {
    this.arrays = arrays;
  }

  /**
   * Reads every array of an {@code .npz} file.
   *
   * @throws NpzException if the bytes are not a zip of readable {@code .npy} arrays
   */
  public static Npz read(byte[] file) {
    Map<String, Array> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        if (name.endsWith(".npy")) {
          name = name.substring(0, name.length() - 4);
        }
        arrays.put(name, readNpy(name, zip.readAllBytes()));
      }
    } catch (ZipException e) {
      throw new NpzException(null, "not an .npz (zip) file: " + e.getMessage());
    } catch (IOException e) {
      throw new NpzException(null, "cannot read the .npz file: " + e.getMessage());
    }
    if (arrays.isEmpty()) {
      throw new NpzException(
          null, "not an .npz file: no arrays found (is it a zip of .npy files?)");
    }
    return new Npz(arrays);
  }

  /** The array called {@code name}. @throws NpzException if there is none */
  public Array array(String name) {
    Array a = arrays.get(name);
    if (a == null) {
      throw new NpzException(name, "missing; the file holds " + arrays.keySet());
    }
    return a;
  }

  /** Every array, in file order. */
  public Map<String, Array> arrays() {
    return Map.copyOf(arrays);
  }

  /** Parses one {@code .npy} file (NEP 1, versions 1–3). */
  static Array readNpy(String name, byte[] npy) {
    ByteBuffer buf = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
    // Magic and version.
    if (npy.length < 10 || !Arrays.equals(Arrays.copyOf(npy, 6), MAGIC)) {
      throw new NpzException(name, "not an .npy array (no \\x93NUMPY magic)");
    }
    int major = npy[6] & 0xff;
    int headerLength;
    int headerStart;
    switch (major) {
      case 1 -> {
        headerLength = buf.getShort(8) & 0xffff;
        headerStart = 10;
      }
      case 2, 3 -> {
        if (npy.length < 12) {
          throw new NpzException(name, "truncated .npy header");
        }
        long length = buf.getInt(8) & 0xffffffffL;
        if (length > npy.length) {
          throw new NpzException(name, "truncated .npy header");
        }
        headerLength = (int) length;
        headerStart = 12;
      }
      default ->
          throw new NpzException(name, "unsupported .npy version " + major + "; allowed: 1, 2, 3");
    }
    if (headerStart + headerLength > npy.length) {
      throw new NpzException(name, "truncated .npy header");
    }
    // Header dict: descr, fortran_order, shape (latin-1 in version 1 and 2, UTF-8 in version 3).
    String header =
        new String(
            npy,
            headerStart,
            headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, name, "descr");
    String fortran = group(FORTRAN, header, name, "fortran_order");
    int[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
    int width =
        switch (descr) {
          case "<f8" -> 8;
          case "<f4" -> 4;
          default ->
              throw new NpzException(
                  name,
                  "unsupported dtype '" + descr + "'; allowed: '<f8' (float64), '<f4' (float32)");
        };
    if (fortran.equals("True")) {
      throw new NpzException(
          name, "Fortran-ordered arrays are not supported; save np.ascontiguousarray(x)");
    }
    // Data: C order, little-endian.
    long count = 1;
    for (int s : shape) {
      count *= s;
    }
    int dataStart = headerStart + headerLength;
    if (count > Integer.MAX_VALUE || (long) npy.length - dataStart != count * width) {
      throw new NpzException(
          name,
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + count * width
              + " bytes of data, the file has "
              + (npy.length - dataStart));
    }
    double[] data = new double[(int) count];
    buf.position(dataStart);
    for (int i = 0; i < data.length; i++) {
      data[i] = width == 8 ? buf.getDouble() : buf.getFloat();
    }
    return new Array(name, shape, data);
  }

  private static String group(Pattern p, String header, String name, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new NpzException(name, "the .npy header has no '" + key + "': " + header.strip());
    }
    return m.group(1);
  }

  private static int[] parseShape(String tuple, String name) {
    String[] parts = tuple.split(",");
    int rank = 0;
    int[] shape = new int[parts.length];
    for (String part : parts) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue; // the trailing comma of (d,) or ()
      }
      try {
        shape[rank++] = Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
      } catch (NumberFormatException e) {
        throw new NpzException(name, "unreadable shape (" + tuple + ")");
      }
      if (shape[rank - 1] < 0) {
        throw new NpzException(name, "negative size in shape (" + tuple + ")");
      }
    }
    return Arrays.copyOf(shape, rank);
  }
}
