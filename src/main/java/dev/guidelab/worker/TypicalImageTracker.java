package dev.guidelab.worker;

import dev.guidelab.features.Images;
import dev.guidelab.features.Png;
import dev.guidelab.metrics.NearestNeighbours;
import dev.guidelab.metrics.Realism;
import dev.guidelab.results.TypicalImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Finds an image point's {@value TypicalImages#SIZE} most and least typical samples by realism
 * while they stream: a sample's realism depends on the reference's feature vectors alone, not on
 * the other samples, so each batch is scored once ({@link Realism#dgmEval}, as the {@code realism}
 * metric scores them) and only the current extremes' images are held — 2·{@value
 * TypicalImages#SIZE} images, not the batch. Candidates are the first {@code kept} samples, the
 * ones the k-NN metrics keep; the cost is one realism pass over them (the metric repeats that pass
 * at each of its checkpoints). Samples with undefined realism (no reference ball below the median
 * radius) are skipped. Not thread-safe.
 */
final class TypicalImageTracker {

  private record Scored(long sample, double realism, byte[] png) {}

  private static final Comparator<Scored> BY_REALISM =
      Comparator.comparingDouble(Scored::realism).thenComparingLong(Scored::sample);

  private final long kept;
  private final Supplier<NearestNeighbours.Balls> balls;
  private final PriorityQueue<Scored> most = new PriorityQueue<>(BY_REALISM); // head: lowest
  private final PriorityQueue<Scored> least = new PriorityQueue<>(BY_REALISM.reversed());
  private long seen;

  /**
   * @param kept how many leading samples are candidates
   * @param balls the reference's k = 3 balls, asked for at the first batch
   */
  TypicalImageTracker(long kept, Supplier<NearestNeighbours.Balls> balls) {
    this.kept = kept;
    this.balls = balls;
  }

  /**
   * Scores the next samples of the stream: {@code features} {@code [m, dim]} row-major and their
   * images (m of them, 1 or 3 channels).
   */
  void accept(double[] features, int dim, Images.Uint8 images) {
    int m = (int) Math.min(features.length / dim, Math.max(0, kept - seen));
    if (m > 0) {
      double[][] fake = new double[m][];
      for (int i = 0; i < m; i++) {
        fake[i] = Arrays.copyOfRange(features, i * dim, (i + 1) * dim);
      }
      double[] realism = Realism.dgmEval(balls.get(), fake);
      for (int i = 0; i < m; i++) {
        if (!Double.isNaN(realism[i])) {
          offer(seen + i, realism[i], images, i);
        }
      }
    }
    seen += features.length / dim;
  }

  private void offer(long sample, double realism, Images.Uint8 images, int i) {
    Scored probe = new Scored(sample, realism, null);
    boolean intoMost =
        most.size() < TypicalImages.SIZE || BY_REALISM.compare(probe, most.peek()) > 0;
    boolean intoLeast =
        least.size() < TypicalImages.SIZE || BY_REALISM.compare(probe, least.peek()) < 0;
    if (!intoMost && !intoLeast) {
      return;
    }
    Scored scored = new Scored(sample, realism, Png.of(images, i));
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
        pointId,
        (int) Math.min(seen, kept),
        sorted(most, BY_REALISM.reversed()),
        sorted(least, BY_REALISM));
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
