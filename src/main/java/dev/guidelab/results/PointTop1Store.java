package dev.guidelab.results;

import dev.guidelab.db.Transactions;
import dev.guidelab.db.Write;
import dev.guidelab.metrics.Top1Histograms;
import dev.guidelab.references.ReferenceStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores and reads the Top-1 class histograms of points that ask for {@code top1_tv} ({@code
 * point_top1}, db/V7): the worker rewrites a point's row after every batch, so the histograms shown
 * match the latest streamed {@code top1_tv}.
 */
@ApplicationScoped
public class PointTop1Store {

  private final Transactions tx;

  public PointTop1Store(Transactions tx) {
    this.tx = tx;
  }

  /** Stores {@code histograms} as those of {@code pointId}, replacing earlier ones. */
  public void store(UUID pointId, Top1Histograms histograms) {
    tx.run(write(pointId, histograms));
  }

  /** {@link #store} as a write in the caller's transaction. */
  public Write write(UUID pointId, Top1Histograms histograms) {
    return c -> {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO point_top1 (point_id, classes, generated, reference)"
                  + " VALUES (?, ?, ?, ?) ON CONFLICT (point_id) DO UPDATE"
                  + " SET classes = EXCLUDED.classes, generated = EXCLUDED.generated,"
                  + " reference = EXCLUDED.reference, updated_at = now()")) {
        ps.setObject(1, pointId);
        ps.setInt(2, histograms.classes());
        ps.setArray(3, ReferenceStore.bigints(c, histograms.generated()));
        ps.setArray(4, ReferenceStore.bigints(c, histograms.reference()));
        ps.executeUpdate();
      }
    };
  }

  /** The histograms of a point of {@code experimentId}, if it has any yet. */
  public Optional<PointTop1> find(UUID experimentId, UUID pointId) {
    return PointRows.find(
        tx,
        "t.generated, t.reference",
        "point_top1",
        experimentId,
        pointId,
        rs ->
            PointTop1.of(
                pointId,
                new Top1Histograms(
                    ReferenceStore.longs(rs.getArray(1)), ReferenceStore.longs(rs.getArray(2)))));
  }
}
