package dev.guidelab.results;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import dev.guidelab.db.Write;
import dev.guidelab.metrics.SampleScores;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stores and reads {@link SamplePreview}s: the first samples of each point with their scores. */
@ApplicationScoped
public class SamplePreviews {

  /** Samples kept per point. */
  public static final int SIZE = 1000;

  private static final TypeReference<List<double[]>> POINTS = new TypeReference<>() {};
  private static final TypeReference<List<Double>> VALUES = new TypeReference<>() {};

  private final Transactions tx;
  private final JsonColumns json;

  public SamplePreviews(Transactions tx, JsonColumns json) {
    this.tx = tx;
    this.json = json;
  }

  /**
   * Stores {@code samples} ({@code [n, 2]}, the first of the point's stream) as the preview of
   * {@code pointId}, with their realism and rarity against the toy's exact class-A samples as the
   * point's metrics scored them ({@code scores}, which hold at least these n).
   */
  public void store(UUID pointId, double[] samples, SampleScores scores) {
    tx.run(write(pointId, samples, scores));
  }

  /** {@link #store} as a write in the caller's transaction. */
  public Write write(UUID pointId, double[] samples, SampleScores scores) {
    int n = samples.length / 2;
    List<double[]> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      points.add(new double[] {samples[2 * i], samples[2 * i + 1]});
    }
    String realism = json.write(finiteOrNull(scores.realism(0, n)));
    String rarity = json.write(finiteOrNull(scores.rarity(0, n)));
    return c -> {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO sample_preview (point_id, n, samples, realism, rarity)"
                  + " VALUES (?, ?, ?::jsonb, ?::jsonb, ?::jsonb) ON CONFLICT (point_id) DO UPDATE"
                  + " SET n = EXCLUDED.n, samples = EXCLUDED.samples, realism = EXCLUDED.realism,"
                  + " rarity = EXCLUDED.rarity, created_at = now()")) {
        ps.setObject(1, pointId);
        ps.setInt(2, n);
        ps.setString(3, json.write(points));
        ps.setString(4, realism);
        ps.setString(5, rarity);
        ps.executeUpdate();
      }
    };
  }

  /** The preview of a point of {@code experimentId}, if it has one yet. */
  public Optional<SamplePreview> find(UUID experimentId, UUID pointId) {
    return PointRows.find(
        tx,
        "t.n, t.samples::text, t.realism::text, t.rarity::text",
        "sample_preview",
        experimentId,
        pointId,
        rs ->
            new SamplePreview(
                pointId,
                rs.getInt(1),
                json.read(rs.getString(2), POINTS),
                json.read(rs.getString(3), VALUES),
                json.read(rs.getString(4), VALUES)));
  }

  private static List<Double> finiteOrNull(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(Double.isFinite(v) ? v : null);
    }
    return list;
  }
}
