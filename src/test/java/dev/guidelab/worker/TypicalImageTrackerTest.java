package dev.guidelab.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.features.Fixtures;
import dev.guidelab.features.Images;
import dev.guidelab.metrics.NearestNeighbours;
import dev.guidelab.metrics.Realism;
import dev.guidelab.metrics.ReferenceSet;
import dev.guidelab.metrics.SampleScores;
import dev.guidelab.results.TypicalImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Streaming extremes equal the extremes of scoring all candidates at once, with their images. */
class TypicalImageTrackerTest {

  private static final int DIM = 2;

  @Test
  void keepsTheHighestAndLowestRealismOfTheKeptSamplesWithTheirOwnImages() throws Exception {
    SplittableRandom rng = new SplittableRandom(3);
    double[][] reference = gaussian(rng, 300, 1);
    NearestNeighbours.Balls balls = NearestNeighbours.balls(reference, 3);
    int kept = 120;
    double[][] generated = gaussian(rng, 150, 1.5); // some far outside the reference balls
    // Each sample scored once as it streams, as the point's metrics score the samples they keep.
    SampleScores scores = new SampleScores(kept, () -> new ReferenceSet(reference));
    TypicalImageTracker tracker = new TypicalImageTracker();
    int first = 0;
    for (int m : new int[] {7, 50, 1, 42, 50}) { // uneven, crossing the kept limit inside a batch
      double[] features = new double[m * DIM];
      byte[] pixels = new byte[m * 3 * 2 * 2]; // [m, 3, 2, 2]: top-left red = sample index
      for (int i = 0; i < m; i++) {
        System.arraycopy(generated[first + i], 0, features, i * DIM, DIM);
        pixels[i * 12] = (byte) (first + i);
      }
      scores.accept(features, DIM);
      try (Images.OnDevice images = Fixtures.onDevice(new Images.Uint8(m, 3, 2, 2, pixels))) {
        tracker.accept(scores, images);
      }
      first += m;
    }

    double[] realism = Realism.dgmEval(balls, Arrays.copyOf(generated, kept));
    List<Integer> ascending =
        IntStream.range(0, kept)
            .filter(i -> !Double.isNaN(realism[i]))
            .boxed()
            .sorted(Comparator.comparingDouble(i -> realism[i]))
            .toList();
    List<Integer> descending = new ArrayList<>(ascending);
    Collections.reverse(descending);
    TypicalImages images = tracker.images(UUID.randomUUID());
    assertEquals(kept, images.n());
    assertEquals(
        descending.subList(0, TypicalImages.SIZE),
        images.most().stream().map(im -> (int) im.sample()).toList());
    assertEquals(
        ascending.subList(0, TypicalImages.SIZE),
        images.least().stream().map(im -> (int) im.sample()).toList());
    assertTrue(
        images.most().get(TypicalImages.SIZE - 1).realism() > images.least().get(0).realism());
    for (TypicalImages.Image image :
        Stream.concat(images.most().stream(), images.least().stream()).toList()) {
      assertEquals(realism[(int) image.sample()], image.realism(), 0);
      BufferedImage png =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.png())));
      assertEquals(2, png.getWidth());
      assertEquals(2, png.getHeight());
      assertEquals(image.sample(), (png.getRGB(0, 0) >> 16) & 0xff, "the sample's own image");
      assertEquals(0, png.getRGB(1, 1) & 0xffffff);
    }
  }

  /** A tracker restored from the state of another after any batch ends with the same extremes. */
  @Test
  void aTrackerRestoredMidStreamFindsTheSameExtremes() throws Exception {
    SplittableRandom rng = new SplittableRandom(4);
    double[][] reference = gaussian(rng, 300, 1);
    double[][] generated = gaussian(rng, 150, 1.5);
    int[] batches = {7, 50, 1, 42, 50};
    UUID point = UUID.randomUUID();
    for (int resumeAfter = 1; resumeAfter < batches.length; resumeAfter++) {
      SampleScores scores = new SampleScores(120, () -> new ReferenceSet(reference));
      TypicalImageTracker whole = new TypicalImageTracker();
      TypicalImageTracker resumed = null;
      int first = 0;
      for (int b = 0; b < batches.length; b++) {
        int m = batches[b];
        double[] features = new double[m * DIM];
        byte[] pixels = new byte[m * 3 * 2 * 2];
        for (int i = 0; i < m; i++) {
          System.arraycopy(generated[first + i], 0, features, i * DIM, DIM);
          pixels[i * 12] = (byte) (first + i);
        }
        scores.accept(features, DIM);
        try (Images.OnDevice images = Fixtures.onDevice(new Images.Uint8(m, 3, 2, 2, pixels))) {
          whole.accept(scores, images);
          if (resumed != null) {
            resumed.accept(scores, images);
          }
        }
        if (b + 1 == resumeAfter) {
          ByteArrayOutputStream state = new ByteArrayOutputStream();
          whole.save(new DataOutputStream(state));
          resumed = new TypicalImageTracker();
          resumed.restore(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
        }
        first += m;
      }
      assertEquals(
          whole.images(point), resumed.images(point), "resumed after batch " + resumeAfter);
    }
  }

  private static double[][] gaussian(SplittableRandom rng, int n, double scale) {
    double[][] x = new double[n][DIM];
    for (double[] row : x) {
      for (int j = 0; j < DIM; j++) {
        row[j] =
            scale
                * Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
                * Math.cos(2 * Math.PI * rng.nextDouble());
      }
    }
    return x;
  }
}
