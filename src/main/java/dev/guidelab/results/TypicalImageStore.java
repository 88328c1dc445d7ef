package dev.guidelab.results;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import dev.guidelab.db.Write;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stores and reads {@link TypicalImages} ({@code typical_images}, db/V8), one row per point. */
@ApplicationScoped
public class TypicalImageStore {

  private static final TypeReference<Map<String, List<TypicalImages.Image>>> IMAGES =
      new TypeReference<>() {};

  private final Transactions tx;
  private final JsonColumns json;

  public TypicalImageStore(Transactions tx, JsonColumns json) {
    this.tx = tx;
    this.json = json;
  }

  /** Stores (or replaces) the typical images of {@code images.pointId()}. */
  public void store(TypicalImages images) {
    tx.run(write(images));
  }

  /** {@link #store} as a write in the caller's transaction. */
  public Write write(TypicalImages images) {
    String stored = json.write(Map.of("most", images.most(), "least", images.least()));
    return c -> {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO typical_images (point_id, n, images) VALUES (?, ?, ?::jsonb)"
                  + " ON CONFLICT (point_id) DO UPDATE SET n = EXCLUDED.n,"
                  + " images = EXCLUDED.images, created_at = now()")) {
        ps.setObject(1, images.pointId());
        ps.setInt(2, images.n());
        ps.setString(3, stored);
        ps.executeUpdate();
      }
    };
  }

  /** The typical images of a point of {@code experimentId}, if it has them yet. */
  public Optional<TypicalImages> find(UUID experimentId, UUID pointId) {
    return PointRows.find(
        tx,
        "t.n, t.images::text",
        "typical_images",
        experimentId,
        pointId,
        rs -> {
          Map<String, List<TypicalImages.Image>> images = json.read(rs.getString(2), IMAGES);
          return new TypicalImages(pointId, rs.getInt(1), images.get("most"), images.get("least"));
        });
  }
}
