package dev.guidelab.references;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A reader for numpy {@code .npz} files ({@code np.savez}, {@code np.savez_compressed}): a zip of
 * {@code <name>.npy} entries. Each {@code .npy} is the magic {@code \x93NUMPY}, a version byte pair
 * (1.0, 2.0 or 3.0), a little-endian header length (2 bytes for version 1, 4 otherwise), a Python
 * dict literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (d, d), }}, then the data
 * (numpy's NEP 1 format). Only C-order little-endian float64 ({@code <f8}), float32 ({@code <f4})
 * and uint8 ({@code |u1}) are read; anything else is refused by name.
 *
 * <p>Two ways in: {@link #read(byte[])} holds a small file's float arrays in memory, widened to
 * double — what pytorch-fid and clean-fid write for μ and Σ; {@link OnDisk} streams one array of a
 * file on disk a chunk at a time — images and feature sets larger than the heap.
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

  /**
   * The header of one {@code .npy} array: its dtype as numpy spells it ({@code <f8}, {@code <f4} or
   * {@code |u1}) and its shape; the values follow in C order.
   */
  public record Header(String name, String descr, int[] shape) {

    /** The number of dimensions. */
    public int rank() {
      return shape.length;
    }

    /** The number of values, the product of the shape. */
    public long count() {
      long count = 1;
      for (int s : shape) {
        count *= s;
      }
      return count;
    }

    /** Bytes per value. */
    public int width() {
      return WIDTHS.get(descr);
    }

    /** Whether the values are float64 or float32. */
    public boolean isFloat() {
      return descr.equals("<f8") || descr.equals("<f4");
    }

    /** Whether the values are uint8. */
    public boolean isUint8() {
      return descr.equals("|u1");
    }

    /** The shape as numpy prints it, e.g. {@code (50000, 32, 32, 3)}. */
    public String shapeText() {
      return Arrays.stream(shape)
          .mapToObj(String::valueOf)
          .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
    }

    @Override
    public String toString() {
      return name + shapeText() + " '" + descr + "'";
    }
  }

  /** Bytes per value of every readable dtype. */
  private static final Map<String, Integer> WIDTHS = Map.of("<f8", 8, "<f4", 4, "|u1", 1);

  private static final String FLOATS = "'<f8' (float64), '<f4' (float32)";

  /**
   * Longest header accepted (numpy pads to 64 bytes; a shape of many dimensions stays far below).
   */
  private static final int MAX_HEADER = 1 << 16;

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

  /**
   * An {@code .npz} file on disk, read lazily: the array names from the zip's directory, then one
   * array at a time as {@link Values}. Entries may be stored or deflated, zip64 or not.
   */
  public static final class OnDisk implements Closeable {

    private final ZipFile zip;

    private OnDisk(ZipFile zip) {
      this.zip = zip;
    }

    /**
     * Opens {@code file}.
     *
     * @throws NpzException if it is not a zip file
     */
    public static OnDisk open(Path file) {
      try {
        return new OnDisk(new ZipFile(file.toFile()));
      } catch (ZipException e) {
        throw new NpzException(null, "not an .npz (zip) file: " + e.getMessage());
      } catch (IOException e) {
        throw new NpzException(null, "cannot read the .npz file: " + e.getMessage());
      }
    }

    /** The names of the arrays ({@code .npy} entries without the suffix), in file order. */
    public Set<String> names() {
      Set<String> names = new LinkedHashSet<>();
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.getName().endsWith(".npy")) {
          names.add(entry.getName().substring(0, entry.getName().length() - 4));
        }
      }
      return names;
    }

    /**
     * Array {@code name}, its header read and its values ready to stream; the caller closes it.
     *
     * @throws NpzException if there is no such array or its header is not readable
     */
    public Values values(String name) {
      ZipEntry entry = zip.getEntry(name + ".npy");
      if (entry == null) {
        throw new NpzException(name, "missing; the file holds " + names());
      }
      try {
        InputStream in = zip.getInputStream(entry);
        try {
          return new Values(readHeader(name, in), in);
        } catch (NpzException e) {
          in.close();
          throw e;
        }
      } catch (IOException e) {
        throw new NpzException(name, "cannot read the entry: " + e.getMessage());
      }
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }

  /**
   * The values of one array, streamed in C order a chunk at a time: arrays larger than the heap
   * (50,000 images, 50,000 × 2048 features) never sit in memory whole.
   */
  public static final class Values implements Closeable {

    private final Header header;
    private final InputStream in;
    private long read; // values read so far
    private byte[] buffer = new byte[0];

    private Values(Header header, InputStream in) {
      this.header = header;
      this.in = in;
    }

    public Header header() {
      return header;
    }

    /**
     * The next {@code count} uint8 values, into {@code out[offset, offset + count)}.
     *
     * @throws NpzException if the array is not uint8 or its data ends early
     */
    public void readUint8(byte[] out, int offset, int count) {
      if (!header.isUint8()) {
        throw new NpzException(header.name(), "is '" + header.descr() + "', not uint8");
      }
      readFully(out, offset, count);
    }

    /**
     * The next {@code count} float values widened to double, into {@code out[offset, offset +
     * count)}.
     *
     * @throws NpzException if the array is not float64 or float32 or its data ends early
     */
    public void readDoubles(double[] out, int offset, int count) {
      if (!header.isFloat()) {
        throw new NpzException(header.name(), "is '" + header.descr() + "'; allowed: " + FLOATS);
      }
      int bytes = count * header.width();
      if (buffer.length < bytes) {
        buffer = new byte[bytes];
      }
      readFully(buffer, 0, count);
      decode(
          ByteBuffer.wrap(buffer, 0, bytes).order(ByteOrder.LITTLE_ENDIAN),
          header.width(),
          out,
          offset,
          count);
    }

    /** Reads {@code count} values' bytes. */
    private void readFully(byte[] out, int offset, int count) {
      if (read + count > header.count()) {
        throw new IllegalArgumentException(
            "array '" + header.name() + "' has " + (header.count() - read) + " values left");
      }
      int bytes = count * header.width();
      int got;
      try {
        got = in.readNBytes(out, offset, bytes);
      } catch (IOException e) {
        throw new NpzException(header.name(), "cannot read the data: " + e.getMessage());
      }
      if (got < bytes) {
        throw new NpzException(
            header.name(),
            "the data ends after "
                + (read + got / header.width())
                + " of the "
                + header.count()
                + " values of shape "
                + header.shapeText()
                + " (truncated file?)");
      }
      read += count;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Parses one {@code .npy} file (NEP 1, versions 1–3) of floats, widened to double. */
  static Array readNpy(String name, byte[] npy) {
    ByteArrayInputStream in = new ByteArrayInputStream(npy);
    Header header = readHeader(name, in);
    if (!header.isFloat()) {
      throw new NpzException(
          name, "unsupported dtype '" + header.descr() + "'; allowed: " + FLOATS);
    }
    // Data: C order, little-endian.
    long count = header.count();
    int available = in.available();
    if (count > Integer.MAX_VALUE || available != count * header.width()) {
      throw new NpzException(
          name,
          "shape "
              + Arrays.toString(header.shape())
              + " needs "
              + count * header.width()
              + " bytes of data, the file has "
              + available);
    }
    ByteBuffer buf = ByteBuffer.wrap(npy, npy.length - available, available);
    double[] data = new double[(int) count];
    decode(buf.order(ByteOrder.LITTLE_ENDIAN), header.width(), data, 0, data.length);
    return new Array(name, header.shape(), data);
  }

  /**
   * Reads an {@code .npy} header from {@code in}, leaving it at the first data byte: the magic, a
   * version byte pair, the header length (2 bytes in version 1, 4 otherwise) and the dict literal.
   *
   * @throws NpzException naming {@code name} if the header is not a supported one
   */
  static Header readHeader(String name, InputStream in) {
    try {
      // Magic and version.
      byte[] lead = in.readNBytes(8);
      if (lead.length < 8 || !Arrays.equals(Arrays.copyOf(lead, 6), MAGIC)) {
        throw new NpzException(name, "not an .npy array (no \\x93NUMPY magic)");
      }
      int major = lead[6] & 0xff;
      if (major < 1 || major > 3) {
        throw new NpzException(name, "unsupported .npy version " + major + "; allowed: 1, 2, 3");
      }
      byte[] size = in.readNBytes(major == 1 ? 2 : 4);
      if (size.length < (major == 1 ? 2 : 4)) {
        throw new NpzException(name, "truncated .npy header");
      }
      ByteBuffer sizeBuf = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN);
      long headerLength = major == 1 ? sizeBuf.getShort() & 0xffff : sizeBuf.getInt() & 0xffffffffL;
      if (headerLength > MAX_HEADER) {
        throw new NpzException(
            name,
            "a .npy header of " + headerLength + " bytes; at most " + MAX_HEADER + " allowed");
      }
      byte[] dict = in.readNBytes((int) headerLength);
      if (dict.length < headerLength) {
        throw new NpzException(name, "truncated .npy header");
      }
      // Header dict: descr, fortran_order, shape (latin-1 in version 1 and 2, UTF-8 in version 3).
      String header =
          new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      String descr = group(DESCR, header, name, "descr");
      String fortran = group(FORTRAN, header, name, "fortran_order");
      int[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
      if (!WIDTHS.containsKey(descr)) {
        throw new NpzException(
            name, "unsupported dtype '" + descr + "'; allowed: " + FLOATS + ", '|u1' (uint8)");
      }
      if (fortran.equals("True")) {
        throw new NpzException(
            name, "Fortran-ordered arrays are not supported; save np.ascontiguousarray(x)");
      }
      return new Header(name, descr, shape);
    } catch (IOException e) {
      throw new NpzException(name, "cannot read the .npy header: " + e.getMessage());
    }
  }

  /** {@code count} values of {@code width} bytes (8: float64, 4: float32) from {@code buf}. */
  private static void decode(ByteBuffer buf, int width, double[] out, int offset, int count) {
    for (int i = offset; i < offset + count; i++) {
      out[i] = width == 8 ? buf.getDouble() : buf.getFloat();
    }
  }

  private static String group(Pattern p, String header, String name, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new NpzException(name, "the .npy header has no '" + key + "': " + header.strip());
    }
    return m.group(1);
  }

  private static int[] parseShape(String tuple, String name) {
    String[] parts = tuple.split(",", -1); // empty parts are skipped below
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
