package dev.guidelab.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The per-sample realism and rarity scores (docs/metrics.md, "Per-sample scores") of the first
 * {@link #capacity()} samples of a stream against a reference's k = 3 balls ({@link
 * ReferenceSet#precisionRecallBalls()}), each sample scored once, as it arrives. A sample's scores
 * depend on the reference alone, not on the other samples (from d = 17 on they come from one dgemm
 * pass, {@link ScoreScan}, with the same bits), so the {@link Metric#REALISM} and {@link
 * Metric#RARITY} aggregates at every checkpoint, an image point's most and least typical images and
 * the toy's sample preview all read these, and none scores a sample again. Not thread-safe.
 *
 * <ul>
 *   <li>realism: {@link Realism#dgmEval}, {@code max_r r_k(φ_r)/‖φ_g − φ_r‖} over the reference
 *       balls with radius below the median; NaN when no ball is retained;
 *   <li>rarity: {@link Rarity#scores}, the radius of the smallest reference ball strictly
 *       containing the sample; NaN when it is in none.
 * </ul>
 */
public final class SampleScores {

  private final Supplier<ReferenceSet> reference;
  private NearestNeighbours.Balls balls; // from reference, at the first sample scored
  private final double[] realism; // [capacity], the first count filled
  private final double[] rarity; // [capacity]
  private int count;

  /**
   * @param capacity how many leading samples are scored
   * @param reference the reference set, asked for once, when the first sample is scored
   */
  public SampleScores(int capacity, Supplier<ReferenceSet> reference) {
    this.reference = reference;
    this.realism = new double[capacity];
    this.rarity = new double[capacity];
  }

  /** Samples scored so far: {@code min(samples seen, capacity)}. */
  public int count() {
    return count;
  }

  /** Most samples scored. */
  public int capacity() {
    return realism.length;
  }

  /** Scores still to come before the capacity is reached. */
  int room() {
    return realism.length - count;
  }

  /** Realism of sample {@code k < count()} of the stream (NaN where undefined). */
  public double realism(int k) {
    return realism[checked(k)];
  }

  /** Rarity of sample {@code k < count()} of the stream (NaN outside every ball). */
  public double rarity(int k) {
    return rarity[checked(k)];
  }

  /** Realism of samples {@code [from, to)}, {@code to ≤ count()}, a copy. */
  public double[] realism(int from, int to) {
    checkRange(from, to);
    return Arrays.copyOfRange(realism, from, to);
  }

  /** Rarity of samples {@code [from, to)}, {@code to ≤ count()}, a copy. */
  public double[] rarity(int from, int to) {
    checkRange(from, to);
    return Arrays.copyOfRange(rarity, from, to);
  }

  /** Scores the next samples of the stream, {@code [m, dim]} row-major, up to the capacity. */
  public void accept(double[] x, int dim) {
    int take = Math.min(x.length / dim, room());
    double[][] rows = new double[take][];
    for (int i = 0; i < take; i++) {
      rows[i] = Arrays.copyOfRange(x, i * dim, (i + 1) * dim);
    }
    accept(rows);
  }

  /** Scores the next samples of the stream, {@code [m][d]}, up to the capacity. */
  void accept(double[][] rows) {
    int take = Math.min(rows.length, room());
    if (take == 0) {
      return;
    }
    if (balls == null) {
      balls = reference.get().precisionRecallBalls();
    }
    double[][] fake = take == rows.length ? rows : Arrays.copyOf(rows, take);
    LinearAlgebra la = NearestNeighbours.gemmFor(fake);
    double[][] scores =
        la == null
            ? new double[][] {Realism.dgmEval(balls, fake), Rarity.scores(balls, fake)}
            : ScoreScan.scores(balls, fake, la);
    System.arraycopy(scores[0], 0, realism, count, take);
    System.arraycopy(scores[1], 0, rarity, count, take);
    count += take;
  }

  /** Appends the scores {@code other} holds after this one's, up to the capacity. */
  void merge(SampleScores other) {
    int take = Math.min(other.count, room());
    System.arraycopy(other.realism, 0, realism, count, take);
    System.arraycopy(other.rarity, 0, rarity, count, take);
    count += take;
  }

  /**
   * Writes the exact state ({@link AccumulatorState}): the capacity, the count and the scores so
   * far. The reference's balls are not written; they are fetched again at the next sample scored.
   */
  void save(DataOutput out) throws IOException {
    out.writeInt(capacity());
    out.writeInt(count);
    AccumulatorState.writeDoubles(out, realism, 0, count);
    AccumulatorState.writeDoubles(out, rarity, 0, count);
  }

  /** Restores what {@link #save} wrote into these scores, which must be fresh and as large. */
  void restore(DataInput in) throws IOException {
    AccumulatorState.expect(count == 0, "to restore into fresh sample scores");
    AccumulatorState.expectInt(in, capacity(), "the capacity of the sample scores");
    int scored = in.readInt();
    AccumulatorState.expect(
        scored >= 0 && scored <= capacity(), "at most " + capacity() + " scores, found " + scored);
    AccumulatorState.readDoubles(in, realism, 0, scored);
    AccumulatorState.readDoubles(in, rarity, 0, scored);
    count = scored;
  }

  private int checked(int k) {
    if (k < 0 || k >= count) {
      throw new IndexOutOfBoundsException("sample " + k + " of " + count + " scored");
    }
    return k;
  }

  private void checkRange(int from, int to) {
    if (from < 0 || from > to || to > count) {
      throw new IndexOutOfBoundsException(
          "samples [" + from + ", " + to + ") of " + count + " scored");
    }
  }
}
