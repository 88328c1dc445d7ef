package dev.guidelab.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Results reused, not recomputed (docs/reuse.md). A new point whose content and samples equal a
 * completed point's is completed with a copy of its results — its metric values at every n (the
 * curve), its sample preview, its Top-1 histograms and its typical images. One of more samples
 * extends the completed point of that content with the most samples below its own that kept its
 * final state: it is queued with that state as its checkpoint and a copy of the curve up to there,
 * and computes only the samples after it. Copies rather than references, so the new point keeps its
 * results whatever happens to the source's experiment. Every method runs inside the caller's
 * transaction.
 */
public final class Reuse {

  /** The completed point a new point reuses (all of its results) or extends (more samples). */
  public record Source(UUID pointId, boolean extension) {}

  /** The tables of a point's results, each keyed by {@code point_id}, and their other columns. */
  private static final Map<String, String> RESULTS =
      Map.of(
          "metric_value", "metric, n_samples, value, stderr, at",
          "sample_preview", "n, samples, realism, rarity, created_at",
          "point_top1", "classes, generated, reference, updated_at",
          "typical_images", "n, images, created_at");

  private Reuse() {}

  /**
   * For each of {@code points} with a content hash, by index, the completed point of that content
   * to reuse — of {@code samples} samples: a computed one before one that was itself reused, then
   * the earliest finished — or else to extend: of the most samples in {@code [extendFrom, samples)}
   * with a kept final state.
   */
  static Map<Integer, Source> sources(
      Connection c, List<ExperimentLedger.NewPoint> points, int samples, int extendFrom)
      throws SQLException {
    String[] contents =
        points.stream()
            .map(ExperimentLedger.NewPoint::content)
            .filter(content -> content != null)
            .distinct()
            .toArray(String[]::new);
    if (contents.length == 0) {
      return Map.of();
    }
    Map<String, Source> byContent = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT ON (content_hash) content_hash, id, samples < ? FROM point"
                + " WHERE state = 'COMPLETED' AND content_hash = ANY (?) AND (samples = ?"
                + " OR (samples < ? AND samples >= ? AND checkpoint IS NOT NULL))"
                + " ORDER BY content_hash, samples DESC, reused_from IS NOT NULL, finished_at, id")) {
      ps.setInt(1, samples);
      ps.setArray(2, c.createArrayOf("text", contents));
      ps.setInt(3, samples);
      ps.setInt(4, samples);
      ps.setInt(5, extendFrom);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byContent.put(rs.getString(1), new Source(rs.getObject(2, UUID.class), rs.getBoolean(3)));
        }
      }
    }
    Map<Integer, Source> sources = new HashMap<>();
    for (int i = 0; i < points.size(); i++) {
      Source source = byContent.get(points.get(i).content());
      if (source != null) {
        sources.put(i, source);
      }
    }
    return sources;
  }

  /**
   * Completes the queued point {@code pointId} with a copy of the results of {@code sourceId}: the
   * source's samples done and NFE (the evaluations that made the results), and a link to it.
   *
   * @return false, changing nothing, if the source is no longer a completed point
   */
  static boolean complete(Connection c, UUID pointId, UUID sourceId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE point p SET state = 'COMPLETED', reused_from = s.id,"
                + " samples_done = s.samples_done, nfe = s.nfe, version = p.version + 1,"
                + " started_at = now(), finished_at = now()"
                + " FROM point s WHERE p.id = ? AND p.state = 'QUEUED'"
                + " AND s.id = ? AND s.state = 'COMPLETED'")) {
      ps.setObject(1, pointId);
      ps.setObject(2, sourceId);
      if (ps.executeUpdate() == 0) {
        return false;
      }
    }
    for (String table : RESULTS.keySet()) {
      copy(c, table, pointId, sourceId);
    }
    ExperimentMetrics.pointCompleted(c, pointId);
    return true;
  }

  /**
   * Makes the queued point {@code pointId} continue from the kept final state of {@code sourceId}:
   * that state as its checkpoint, with the samples and NFE it holds, a copy of the source's metric
   * values (the curve up to there) and sample preview, and a link to it.
   *
   * @return false, changing nothing, if the source no longer has a kept state
   */
  static boolean extend(Connection c, UUID pointId, UUID sourceId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE point p SET extended_from = s.id, checkpoint = s.checkpoint,"
                + " checkpoint_done = s.checkpoint_done, checkpoint_nfe = s.checkpoint_nfe,"
                + " samples_done = s.checkpoint_done, nfe = s.checkpoint_nfe"
                + " FROM point s WHERE p.id = ? AND p.state = 'QUEUED'"
                + " AND s.id = ? AND s.state = 'COMPLETED' AND s.checkpoint IS NOT NULL")) {
      ps.setObject(1, pointId);
      ps.setObject(2, sourceId);
      if (ps.executeUpdate() == 0) {
        return false;
      }
    }
    // The preview is stored once, when full; the Top-1 histograms and typical images come anew.
    copy(c, "metric_value", pointId, sourceId);
    copy(c, "sample_preview", pointId, sourceId);
    return true;
  }

  /** Copies the rows of {@code sourceId} in the results table {@code table} to {@code pointId}. */
  private static void copy(Connection c, String table, UUID pointId, UUID sourceId)
      throws SQLException {
    String columns = RESULTS.get(table);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (point_id, "
                + columns
                + ") SELECT ?, "
                + columns
                + " FROM "
                + table
                + " WHERE point_id = ?")) {
      ps.setObject(1, pointId);
      ps.setObject(2, sourceId);
      ps.executeUpdate();
    }
  }
}
