package dev.guidelab.worker;

import dev.guidelab.features.Images;
import dev.guidelab.features.Png;
import dev.guidelab.metrics.AccumulatorState;
import dev.guidelab.metrics.SampleScores;
import dev.guidelab.results.TypicalImages;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Finds an image point's {@value TypicalImages#SIZE} most and least typical samples by realism
 * while they stream: a sample's realism depends on the reference's feature vectors alone, not on
 * the other samples, so each sample's score is the one the point's metrics computed once when they
 * kept it ({@link SampleScores}, the same scores the {@code realism} metric aggregates), and only
 * the current extremes' images are held — 2·{@value TypicalImages#SIZE} images, not the batch.
 * Candidates are the samples with scores, the first 10,000 (the ones the k-NN metrics keep).
 * Samples with undefined realism (no reference ball below the median radius) are skipped. Its state
 * ({@link #save}) goes into the point's checkpoint. Not thread-safe.
 */
final class TypicalImageTracker {

  private record Scored(long sample, double realism, byte[] png) {}

  private static final Comparator<Scored> BY_REALISM =
      Comparator.comparingDouble(Scored::realism).thenComparingLong(Scored::sample);

  private final PriorityQueue<Scored> most = new PriorityQueue<>(BY_REALISM); // head: lowest
  private final PriorityQueue<Scored> least = new PriorityQueue<>(BY_REALISM.reversed());
  private long seen;
  private int candidates; // samples seen that had a score

  /**
   * Offers the next samples of the stream: their images (1 or 3 channels) on the device, of which
   * only those entering the extremes are copied to the host, and whose scores, as far as {@code
   * scores} has them, already include these samples.
   */
  void accept(SampleScores scores, Images.OnDevice images) {
    int m = images.n();
    for (int i = 0; i < m; i++) {
      long sample = seen + i;
      if (sample < scores.count()) {
        candidates++;
        double realism = scores.realism((int) sample);
        if (!Double.isNaN(realism)) {
          offer(sample, realism, images, i);
        }
      }
    }
    seen += m;
  }

  private void offer(long sample, double realism, Images.OnDevice images, int i) {
    Scored probe = new Scored(sample, realism, null);
    boolean intoMost =
        most.size() < TypicalImages.SIZE || BY_REALISM.compare(probe, most.peek()) > 0;
    boolean intoLeast =
        least.size() < TypicalImages.SIZE || BY_REALISM.compare(probe, least.peek()) < 0;
    if (!intoMost && !intoLeast) {
      return;
    }
    Scored scored = new Scored(sample, realism, Png.of(images.toHost(i, 1), 0));
    if (intoMost) {
      most.add(scored);
      if (most.size() > TypicalImages.SIZE) {
        most.poll();
      }
    }
    if (intoLeast) {
      least.add(scored);
      if (least.size() > TypicalImages.SIZE) {
        least.poll();
      }
    }
  }

  /** The extremes so far, for point {@code pointId}: most typical first, least typical first. */
  TypicalImages images(UUID pointId) {
    return new TypicalImages(
        pointId, candidates, sorted(most, BY_REALISM.reversed()), sorted(least, BY_REALISM));
  }

  /**
   * Writes the state: samples seen, candidates, and both sets of extremes with their PNGs (at most
   * 2·{@value TypicalImages#SIZE} small images). The queues' order is a total order (realism, then
   * sample index), so extremes restored in any order compare and evict as the originals did.
   */
  void save(DataOutput out) throws IOException {
    out.writeLong(seen);
    out.writeInt(candidates);
    write(out, most);
    write(out, least);
  }

  /** Restores what {@link #save} wrote into this tracker, which must be fresh. */
  void restore(DataInput in) throws IOException {
    AccumulatorState.expect(seen == 0 && most.isEmpty(), "to restore into a fresh tracker");
    seen = in.readLong();
    candidates = in.readInt();
    read(in, most);
    read(in, least);
  }

  private static void write(DataOutput out, PriorityQueue<Scored> queue) throws IOException {
    out.writeInt(queue.size());
    for (Scored scored : queue) {
      out.writeLong(scored.sample());
      AccumulatorState.writeDouble(out, scored.realism());
      out.writeInt(scored.png().length);
      out.write(scored.png());
    }
  }

  private static void read(DataInput in, PriorityQueue<Scored> queue) throws IOException {
    int size = in.readInt();
    AccumulatorState.expect(
        size >= 0 && size <= TypicalImages.SIZE, "at most " + TypicalImages.SIZE + " extremes");
    for (int i = 0; i < size; i++) {
      long sample = in.readLong();
      double realism = AccumulatorState.readDouble(in);
      int length = in.readInt();
      AccumulatorState.expect(length >= 0 && length <= 1 << 26, "a PNG's length, found " + length);
      byte[] png = new byte[length];
      in.readFully(png);
      queue.add(new Scored(sample, realism, png));
    }
  }

  private static List<TypicalImages.Image> sorted(
      PriorityQueue<Scored> queue, Comparator<Scored> order) {
    List<Scored> list = new ArrayList<>(queue);
    list.sort(order);
    Base64.Encoder base64 = Base64.getEncoder();
    return list.stream()
        .map(s -> new TypicalImages.Image(s.sample(), s.realism(), base64.encodeToString(s.png())))
        .toList();
  }
}
