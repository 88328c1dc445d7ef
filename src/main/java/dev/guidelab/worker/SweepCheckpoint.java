package dev.guidelab.worker;

import dev.guidelab.engine.Point;
import dev.guidelab.ledger.Checkpoint;
import dev.guidelab.metrics.AccumulatorState;
import dev.guidelab.work.PointContent;
import dev.guidelab.work.ResolvedSweep;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;

/**
 * A sweep point's streaming state after {@code done} samples, as the point's checkpoint ({@link
 * Checkpoint}, ARCHITECTURE.md "Checkpoints"): restored into fresh metrics and preview, the
 * remaining samples give the point's results bit for bit as an uninterrupted run (sample k draws
 * from (seed, k) alone).
 *
 * <p><b>Format</b>, version {@value #VERSION} (big-endian):
 *
 * <pre>
 *   int     magic "GLSP"
 *   byte    this format's version
 *   byte[32] SHA-256 of what the point computes: its content ({@link PointContent}: models,
 *           guidance, sampler, metrics, reference, feature network, seed, numerics version; not
 *           the sample count) and the metrics' format version
 *   int     done: samples the state holds
 *   ...     the toy preview ({@link Preview#save}), toy points only
 *   ...     the metrics ({@link PointMetrics#save}: {@code AccumulatorState}'s format)
 *   int     CRC-32 of every byte before it
 * </pre>
 *
 * A state of another version, another content, another {@code done} than the checkpoint's, with a
 * wrong checksum or trailing bytes is refused ({@link #restore} throws), never misread. A state of
 * an equal content is the point's own or a completed point's of fewer samples, which a point of
 * more samples continues (docs/reuse.md, "Extension"): sample k draws from (seed, k) alone, so the
 * first samples of both are the same.
 */
final class SweepCheckpoint {

  /** "GLSP": a Guidelab sweep point. */
  static final int MAGIC = 0x474c5350;

  /** This envelope's format version. */
  static final int VERSION = 1;

  private static final int IDENTITY_BYTES = 32;

  /**
   * The largest state written whatever the limit: PostgreSQL's bytea takes 1 GB, less some room.
   */
  static final long MAX_STATE = (1L << 30) - (1L << 20);

  private static final Logger LOG = Logger.getLogger(SweepCheckpoint.class);

  private final UUID pointId;
  private final int units;
  private final byte[] identity; // [32] SHA-256 of what the point computes
  private final boolean toy;
  private final long maxBytes;
  private int last; // samples of the last checkpoint taken or resumed from; 0 for none
  private boolean taking = true; // false once a state was too large

  private SweepCheckpoint(UUID pointId, int units, byte[] identity, boolean toy, long maxBytes) {
    this.pointId = pointId;
    this.units = units;
    this.identity = identity;
    this.toy = toy;
    this.maxBytes = Math.min(maxBytes, MAX_STATE);
  }

  /**
   * The checkpoints of {@code point}, of content {@code content} ({@link PointContent#hash}), whose
   * samples are the toy's 2-D ones if {@code toy}, taken while their state is at most {@code
   * maxBytes}.
   */
  static SweepCheckpoint of(
      Point<ResolvedSweep> point, String content, boolean toy, long maxBytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("guidelab sweep point".getBytes(StandardCharsets.UTF_8));
      sha.update(content.getBytes(StandardCharsets.UTF_8));
      sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(AccumulatorState.VERSION).array());
      return new SweepCheckpoint(point.pointId(), point.units(), sha.digest(), toy, maxBytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /**
   * Restores {@code checkpoint} into fresh {@code preview} and {@code metrics} to continue after
   * its {@code done} samples; false, with a warning, if it cannot be read (another format version,
   * point or spec; damaged): the point then starts over, with fresh ones.
   */
  boolean resume(Checkpoint checkpoint, Preview preview, PointMetrics metrics) {
    try {
      restore(checkpoint, preview, metrics);
    } catch (IOException | RuntimeException e) {
      LOG.warnf(
          "Point %s: its checkpoint at sample %d cannot be read (%s); starting over",
          pointId, checkpoint.done(), e.getMessage());
      return false;
    }
    last = checkpoint.done();
    LOG.infof("Point %s resumes at sample %d of %d from its checkpoint", pointId, last, units);
    return true;
  }

  /**
   * The state to report after {@code done} samples, or null once it is larger than the limit: the
   * first time, a warning says so, and that the point, if interrupted, resumes from its last
   * checkpoint or restarts from scratch; no state is taken afterwards (it only grows).
   */
  byte[] take(int done, Preview preview, PointMetrics metrics) {
    if (!taking) {
      return null;
    }
    byte[] state = save(done, preview, metrics, maxBytes);
    if (state == null) {
      taking = false;
      LOG.warnf(
          "Point %s: its state after %d samples is larger than guidelab.worker.checkpoint-max-bytes"
              + " (%d bytes); it takes no more checkpoints and, if interrupted, %s",
          pointId,
          done,
          maxBytes,
          last == 0 ? "restarts from scratch" : "resumes from its checkpoint at sample " + last);
      return null;
    }
    last = done;
    return state;
  }

  /**
   * The state after {@code done} samples, or null if it takes more than {@code maxBytes} (or than
   * {@link #MAX_STATE}): measured first, stopping at the limit, then written into an array of its
   * exact size.
   */
  byte[] save(int done, Preview preview, PointMetrics metrics, long maxBytes) {
    try {
      Sink measured = new Sink(null, Math.min(maxBytes, MAX_STATE));
      write(measured, done, preview, metrics);
      Sink sink = new Sink(new byte[(int) measured.size], measured.size);
      write(sink, done, preview, metrics);
      return sink.bytes;
    } catch (TooLarge e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(Sink sink, int done, Preview preview, PointMetrics metrics)
      throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out =
        new DataOutputStream(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                crc.update(b);
                sink.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                sink.write(b, off, len);
              }
            });
    out.writeInt(MAGIC);
    out.writeByte(VERSION);
    out.write(identity);
    out.writeInt(done);
    if (toy) {
      preview.save(out);
    }
    metrics.save(out);
    out.flush();
    int sum = (int) crc.getValue();
    sink.write(
        new byte[] {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum});
  }

  /**
   * Restores {@code checkpoint} into fresh {@code preview} and {@code metrics}.
   *
   * @throws IOException if it is not a state of this point after {@code checkpoint.done()} samples
   *     in this format; {@code preview} and {@code metrics} are then unusable (build fresh ones)
   */
  void restore(Checkpoint checkpoint, Preview preview, PointMetrics metrics) throws IOException {
    byte[] state = checkpoint.state();
    AccumulatorState.expect(
        checkpoint.done() > 0 && checkpoint.done() < units, "a checkpoint within the run");
    AccumulatorState.expect(state.length >= 4 + 1 + IDENTITY_BYTES + 4 + 4, "a checkpoint");
    CRC32 crc = new CRC32();
    crc.update(state, 0, state.length - 4);
    int stored = ByteBuffer.wrap(state, state.length - 4, 4).getInt();
    AccumulatorState.expect(stored == (int) crc.getValue(), "a checkpoint with a valid CRC-32");
    ByteArrayInputStream bytes = new ByteArrayInputStream(state, 0, state.length - 4);
    DataInputStream in = new DataInputStream(bytes);
    AccumulatorState.expectInt(in, MAGIC, "a sweep point checkpoint's magic number");
    int version = in.readUnsignedByte();
    AccumulatorState.expect(
        version == VERSION, "checkpoint version " + VERSION + ", not " + version);
    byte[] belongsTo = new byte[IDENTITY_BYTES];
    in.readFully(belongsTo);
    AccumulatorState.expect(
        Arrays.equals(belongsTo, identity), "a checkpoint of this point and spec");
    AccumulatorState.expectInt(in, checkpoint.done(), "the samples done");
    if (toy) {
      preview.restore(in);
    }
    metrics.restore(in);
    AccumulatorState.expect(bytes.available() == 0, "no bytes after the state");
  }

  /** Thrown when a state outgrows its limit while it is measured. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null);
    }
  }

  /** Counts what is written, up to a limit, and copies it into {@code bytes} if given. */
  private static final class Sink {
    final byte[] bytes;
    final long limit;
    long size;

    Sink(byte[] bytes, long limit) {
      this.bytes = bytes;
      this.limit = limit;
    }

    void write(int b) throws TooLarge {
      if (size + 1 > limit) {
        throw new TooLarge();
      }
      if (bytes != null) {
        bytes[(int) size] = (byte) b;
      }
      size++;
    }

    void write(byte[] b) throws TooLarge {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws TooLarge {
      if (size + len > limit) {
        throw new TooLarge();
      }
      if (bytes != null) {
        System.arraycopy(b, off, bytes, (int) size, len);
      }
      size += len;
    }
  }
}
