package dev.guidelab.references;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The values of one array, streamed in C order a chunk at a time: arrays larger than the heap
 * (50,000 images, 50,000 × 2048 features) never sit in memory whole.
 */
public final class NpyValues implements Closeable {

  private final NpyHeader header;
  private final InputStream in;
  private long read; // values read so far
  private byte[] buffer = new byte[0];

  NpyValues(NpyHeader header, InputStream in) {
    this.header = header;
    this.in = in;
  }

  public NpyHeader header() {
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
      throw new NpzException(
          header.name(), "is '" + header.descr() + "'; allowed: " + NpyHeader.FLOATS);
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

  /** {@code count} values of {@code width} bytes (8: float64, 4: float32) from {@code buf}. */
  static void decode(ByteBuffer buf, int width, double[] out, int offset, int count) {
    for (int i = offset; i < offset + count; i++) {
      out[i] = width == 8 ? buf.getDouble() : buf.getFloat();
    }
  }
}
