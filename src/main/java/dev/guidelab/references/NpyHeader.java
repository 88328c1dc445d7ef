package dev.guidelab.references;

import dev.guidelab.api.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The header of one {@code .npy} array: its dtype as numpy spells it ({@code <f8}, {@code <f4} or
 * {@code |u1}) and its shape; the values follow in C order.
 */
public record NpyHeader(String name, String descr, int[] shape) {

  /** Bytes per value of every readable dtype. */
  private static final Map<String, Integer> WIDTHS = Map.of("<f8", 8, "<f4", 4, "|u1", 1);

  static final String FLOATS = "'<f8' (float64), '<f4' (float32)";

  /**
   * Longest header accepted (numpy pads to 64 bytes; a shape of many dimensions stays far below).
   */
  private static final int MAX_HEADER = 1 << 16;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The number of values, the product of the shape; {@link Long#MAX_VALUE} past a long. */
  public long count() {
    long count = 1;
    for (int s : shape) {
      try {
        count = Math.multiplyExact(count, s);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
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

  /**
   * Reads an {@code .npy} header from {@code in}, leaving it at the first data byte: the magic, a
   * version byte pair, the header length (2 bytes in version 1, 4 otherwise) and the dict literal.
   *
   * @throws NpzException naming {@code name} if the header is not a supported one
   */
  static NpyHeader read(String name, InputStream in) {
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
            name,
            "unsupported dtype " + Text.quote(descr) + "; allowed: " + FLOATS + ", '|u1' (uint8)");
      }
      if (fortran.equals("True")) {
        throw new NpzException(
            name, "Fortran-ordered arrays are not supported; save np.ascontiguousarray(x)");
      }
      return new NpyHeader(name, descr, shape);
    } catch (IOException e) {
      throw new NpzException(name, "cannot read the .npy header: " + e.getMessage());
    }
  }

  private static String group(Pattern p, String header, String name, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new NpzException(
          name, "the .npy header has no '" + key + "': " + Text.echo(header.strip()));
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
        throw new NpzException(name, "unreadable shape (" + Text.echo(tuple) + ")");
      }
      if (shape[rank - 1] < 0) {
        throw new NpzException(name, "negative size in shape (" + Text.echo(tuple) + ")");
      }
    }
    return Arrays.copyOf(shape, rank);
  }
}
