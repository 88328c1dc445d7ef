package dev.guidelab.references;

import dev.guidelab.metrics.KernelInceptionDistance;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The feature vectors of a reference set that the k-NN and kernel metrics compare generated
 * features with (precision/recall, density/coverage, KID, realism, rarity; docs/metrics.md), kept
 * when Guidelab computes a reference from images or features ({@code reference_features}, db/V6).
 * Imported μ/Σ files have none.
 *
 * <p><b>Which ones.</b> All N when N ≤ the cap ({@code guidelab.references.knn-samples}); otherwise
 * a uniform random subset of {@code cap} of them, without replacement, drawn by a {@link
 * SplittableRandom} seeded with {@link #SEED} ({@link #chosen}), kept in source order. A uniform
 * subset, not the first {@code cap}: image folders are often sorted by class. The rule is part of
 * the reference's content key ({@link #selection}), so other caps give other keys.
 *
 * <p><b>float32.</b> Stored as float32 ({@code 4·n·d} bytes: 82 MB for 10,000 × 2048): a feature
 * network's outputs are float32 already, so nothing is lost for references computed from images;
 * uploaded float64 features are rounded to float32 here (their moments use every float64 bit).
 *
 * @param n vectors kept
 * @param dim dimension d
 * @param selection the rule that chose them ({@link #selection})
 * @param values {@code [n, d]} row-major
 */
public record ReferenceFeatures(int n, int dim, String selection, float[] values) {

  /** Seed of the subset draw; changing it changes the content key of every computed reference. */
  public static final long SEED = 0x7265_6673L; // "refs"

  public ReferenceFeatures {
    if (n < 0 || dim < 1 || (long) n * dim != values.length) {
      throw new IllegalArgumentException(
          "reference features: " + n + " × " + dim + " needs " + (long) n * dim + " values");
    }
  }

  /** The rule that keeps at most {@code cap} vectors, as stored and hashed into the key. */
  public static String selection(int cap) {
    return String.format(
        Locale.ROOT, "uniform subset of at most %d, SplittableRandom seed %#x", cap, SEED);
  }

  /**
   * The indices of the vectors kept out of {@code n}, ascending: all of them if {@code n ≤ cap},
   * else {@code cap} drawn uniformly without replacement.
   */
  public static int[] chosen(int n, int cap) {
    if (n <= cap) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }
    int[] picked =
        KernelInceptionDistance.sampleWithoutReplacement(new SplittableRandom(SEED), n, cap);
    Arrays.sort(picked);
    return picked;
  }

  /** The vectors widened to float64, {@code [n][d]}, for the metrics. */
  public double[][] rows() {
    double[][] rows = new double[n][dim];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dim; j++) {
        rows[i][j] = values[i * dim + j];
      }
    }
    return rows;
  }
}
