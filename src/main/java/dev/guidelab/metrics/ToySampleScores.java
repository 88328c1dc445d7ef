package dev.guidelab.metrics;

/**
 * Per-sample realism and rarity of 2-D toy samples against the exact class-A reference samples
 * ({@link ToyReferenceSamples}, k = 3 balls; docs/metrics.md "Per-sample scores").
 *
 * @param realism per sample, {@code max_r r_k(φr)/‖φg − φr‖} over reference balls with radius below
 *     the median; NaN where undefined
 * @param rarity per sample, the smallest radius of a reference ball strictly containing it; NaN
 *     when it is in no ball
 */
public record ToySampleScores(double[] realism, double[] rarity) {

  /** Scores {@code samples} ({@code [n, 2]} row-major). */
  public static ToySampleScores of(double[] samples) {
    double[][] points = new double[samples.length / 2][];
    for (int i = 0; i < points.length; i++) {
      points[i] = new double[] {samples[2 * i], samples[2 * i + 1]};
    }
    NearestNeighbours.Balls balls = ToyReferenceSamples.get().precisionRecallBalls();
    return new ToySampleScores(Realism.dgmEval(balls, points), Rarity.scores(balls, points));
  }
}
