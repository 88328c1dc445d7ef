package dev.guidelab.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The exact binary state of the streaming accumulators (docs/metrics.md, "Resuming a point"), so
 * that a point interrupted after k samples continues from them: restoring a pipeline's state
 * ({@link ToyMetrics#save}, {@link FeatureSpaceMetrics#save}) into a fresh pipeline built with the
 * same arguments and feeding it the remaining samples gives every value and standard error bit for
 * bit as one uninterrupted pass.
 *
 * <p><b>Format</b> (big-endian, {@link DataOutput}): a pipeline's state opens with its tag and
 * {@link #VERSION}; each part writes the configuration it was built with (sample plan, wanted
 * metric groups, capacities, dimensions, a fingerprint of the FD reference) before its sums, so a
 * state restored into a pipeline built differently is refused ({@link MismatchException}), never
 * misread. Doubles go as their raw IEEE bits; a run of doubles ({@link #writeDoubles}) goes as
 * float32 when every value of it is a float32 widened (the feature vectors of a float32 network),
 * which halves the kept features without changing a bit. What is computed lazily from the state
 * (the FD block estimates cached per sample count, the reference's balls, the per-sample summaries
 * the k-NN and KID checkpoints grow) is not written: it is a function of the state and is
 * recomputed the same; what is a schedule's memory (the k-NN metrics' last checkpoint, which
 * decides the next one) is written.
 *
 * <p>A change to what an accumulator keeps changes the format: bump {@link #VERSION}, and a stored
 * state of the old version is refused, so its point starts over.
 */
public final class AccumulatorState {

  /** Version of the format; states of another version are refused. */
  public static final int VERSION = 2;

  /** Tag of {@link ToyMetrics}' state. */
  static final int TOY = 'T';

  /** Tag of {@link FeatureSpaceMetrics}' state. */
  static final int FEATURES = 'F';

  private static final int FLOAT64 = 0;
  private static final int FLOAT32 = 1;
  private static final int CHUNK = 1 << 13; // values per buffered write

  /** A state that is not one of the accumulator it is restored into, or not a state at all. */
  public static final class MismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public MismatchException(String message) {
      super(message);
    }
  }

  private AccumulatorState() {}

  /** Refuses the state unless {@code ok}: {@code what} says what was expected. */
  public static void expect(boolean ok, String what) throws MismatchException {
    if (!ok) {
      throw new MismatchException("state mismatch: expected " + what);
    }
  }

  /** Reads an int and refuses the state unless it is {@code expected}. */
  public static void expectInt(DataInput in, int expected, String what) throws IOException {
    int found = in.readInt();
    if (found != expected) {
      throw new MismatchException(
          "state mismatch: " + what + " is " + found + ", expected " + expected);
    }
  }

  /** Reads a long and refuses the state unless it is {@code expected}. */
  public static void expectLong(DataInput in, long expected, String what) throws IOException {
    long found = in.readLong();
    if (found != expected) {
      throw new MismatchException(
          "state mismatch: " + what + " is " + found + ", expected " + expected);
    }
  }

  /** Reads a boolean and refuses the state unless it is {@code expected}. */
  public static void expectBoolean(DataInput in, boolean expected, String what) throws IOException {
    boolean found = in.readBoolean();
    if (found != expected) {
      throw new MismatchException(
          "state mismatch: " + what + " is " + found + ", expected " + expected);
    }
  }

  /** A pipeline state's opening: its tag and the format version. */
  static void writeHeader(DataOutput out, int tag) throws IOException {
    out.writeByte(tag);
    out.writeByte(VERSION);
  }

  /** Refuses a state that is not of pipeline {@code tag} in this format version. */
  static void readHeader(DataInput in, int tag) throws IOException {
    int found = in.readUnsignedByte();
    expect(found == tag, "a state of pipeline '" + (char) tag + "', found tag " + found);
    int version = in.readUnsignedByte();
    expect(version == VERSION, "state format version " + VERSION + ", found " + version);
  }

  /** A double as its raw bits. */
  public static void writeDouble(DataOutput out, double v) throws IOException {
    out.writeLong(Double.doubleToRawLongBits(v));
  }

  /** A double written by {@link #writeDouble}, bit for bit. */
  public static double readDouble(DataInput in) throws IOException {
    return Double.longBitsToDouble(in.readLong());
  }

  /**
   * Values {@code a[from, to)}: their count, then float32 if every one of them is a widened float32
   * (bit for bit), else float64 raw bits.
   */
  public static void writeDoubles(DataOutput out, double[] a, int from, int to) throws IOException {
    boolean floats = true;
    for (int i = from; i < to && floats; i++) {
      floats = isFloat(a[i]);
    }
    out.writeInt(to - from);
    out.writeByte(floats ? FLOAT32 : FLOAT64);
    writeValues(out, a, from, to, floats);
  }

  /** Reads {@link #writeDoubles}' values into {@code a[from, to)}, refusing another count. */
  public static void readDoubles(DataInput in, double[] a, int from, int to) throws IOException {
    expectInt(in, to - from, "the number of values");
    readValues(in, a, from, to, readEncoding(in));
  }

  /**
   * The first {@code count} rows of {@code rows} (each of {@code dim} values) as one run: {@code
   * count}, {@code dim}, the encoding, the values row by row.
   */
  static void writeRows(DataOutput out, double[][] rows, int count, int dim) throws IOException {
    boolean floats = true;
    for (int r = 0; r < count && floats; r++) {
      for (int j = 0; j < dim && floats; j++) {
        floats = isFloat(rows[r][j]);
      }
    }
    out.writeInt(count);
    out.writeInt(dim);
    out.writeByte(floats ? FLOAT32 : FLOAT64);
    for (int r = 0; r < count; r++) {
      writeValues(out, rows[r], 0, dim, floats);
    }
  }

  /**
   * Reads {@link #writeRows}' rows into {@code rows[0, count)}, fresh arrays, refusing more rows
   * than {@code rows} holds.
   *
   * @return their count
   */
  static int readRows(DataInput in, double[][] rows) throws IOException {
    int count = in.readInt();
    expect(count >= 0 && count <= rows.length, "at most " + rows.length + " rows, found " + count);
    int dim = in.readInt();
    expect(dim >= 0, "a row dimension ≥ 0, found " + dim);
    boolean floats = readEncoding(in);
    for (int r = 0; r < count; r++) {
      rows[r] = new double[dim];
      readValues(in, rows[r], 0, dim, floats);
    }
    return count;
  }

  /** Counts: their number, then each. */
  static void writeLongs(DataOutput out, long[] a) throws IOException {
    out.writeInt(a.length);
    for (long v : a) {
      out.writeLong(v);
    }
  }

  /** Reads {@link #writeLongs}' counts into {@code a}, refusing another number of them. */
  static void readLongs(DataInput in, long[] a) throws IOException {
    expectInt(in, a.length, "the number of counts");
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readLong();
    }
  }

  private static boolean isFloat(double v) {
    return Double.doubleToRawLongBits((float) v) == Double.doubleToRawLongBits(v);
  }

  private static boolean readEncoding(DataInput in) throws IOException {
    int encoding = in.readUnsignedByte();
    expect(encoding == FLOAT32 || encoding == FLOAT64, "a value encoding, found " + encoding);
    return encoding == FLOAT32;
  }

  private static void writeValues(DataOutput out, double[] a, int from, int to, boolean floats)
      throws IOException {
    int width = floats ? Float.BYTES : Double.BYTES;
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK, Math.max(0, to - from)) * width);
    for (int start = from; start < to; start += CHUNK) {
      int end = Math.min(to, start + CHUNK);
      buffer.clear();
      for (int i = start; i < end; i++) {
        if (floats) {
          buffer.putInt(Float.floatToRawIntBits((float) a[i]));
        } else {
          buffer.putLong(Double.doubleToRawLongBits(a[i]));
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  private static void readValues(DataInput in, double[] a, int from, int to, boolean floats)
      throws IOException {
    int width = floats ? Float.BYTES : Double.BYTES;
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK, Math.max(0, to - from)) * width);
    for (int start = from; start < to; start += CHUNK) {
      int end = Math.min(to, start + CHUNK);
      buffer.clear();
      in.readFully(buffer.array(), 0, (end - start) * width);
      for (int i = start; i < end; i++) {
        a[i] =
            floats
                ? (double) Float.intBitsToFloat(buffer.getInt())
                : Double.longBitsToDouble(buffer.getLong());
      }
    }
  }
}
