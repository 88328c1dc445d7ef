package dev.guidelab.ledger;

import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How a team organises its history: an experiment's display name, tags, note, star and archiving,
 * and its deletion. Every change is recorded with who made it in {@code experiment_edit}, one row
 * per change with the new value; a change to what an experiment already is records nothing.
 */
@ApplicationScoped
public class ExperimentEdits {

  /**
   * What to change; null leaves a field as it is.
   *
   * @param name the new display name (the spec and its hash stay)
   * @param tags the new tags, replacing the old
   * @param note the new note; empty clears it
   * @param starred whether it is starred
   * @param archived whether it is archived (hidden from the history by default)
   */
  public record Edit(
      String name, List<String> tags, String note, Boolean starred, Boolean archived) {}

  /** What became of a deletion. */
  public enum Deletion {
    DELETED,
    /** No such experiment. */
    NOT_FOUND,
    /** A point is queued or running: cancel first. */
    ACTIVE
  }

  private final Transactions tx;
  private final JsonColumns json;

  public ExperimentEdits(Transactions tx, JsonColumns json) {
    this.tx = tx;
    this.json = json;
  }

  /**
   * Applies {@code edit} to experiment {@code id} and records each change with {@code actor}.
   *
   * @return false if the experiment does not exist
   */
  public boolean edit(UUID id, Edit edit, String actor) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, tags, note, starred, archived_at IS NOT NULL FROM experiment"
                      + " WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return false;
              }
              String note = edit.note() == null || edit.note().isEmpty() ? null : edit.note();
              if (edit.name() != null && !edit.name().equals(rs.getString(1))) {
                update(c, id, "name = ?", edit.name());
                record(c, id, "renamed", edit.name(), actor);
              }
              if (edit.tags() != null && !edit.tags().equals(tags(rs.getArray(2)))) {
                update(c, id, "tags = ?", c.createArrayOf("text", edit.tags().toArray()));
                record(c, id, "tagged", edit.tags(), actor);
              }
              if (edit.note() != null && !Objects.equals(note, rs.getString(3))) {
                update(c, id, "note = ?", note);
                record(c, id, "noted", note, actor);
              }
              if (edit.starred() != null && edit.starred() != rs.getBoolean(4)) {
                update(c, id, "starred = ?", edit.starred());
                record(c, id, edit.starred() ? "starred" : "unstarred", null, actor);
              }
              if (edit.archived() != null && edit.archived() != rs.getBoolean(5)) {
                update(c, id, "archived_at = CASE WHEN ? THEN now() END", edit.archived());
                record(c, id, edit.archived() ? "archived" : "restored", null, actor);
              }
              return true;
            }
          }
        });
  }

  /**
   * Deletes experiment {@code id} with its points, their metrics and results, and its history of
   * transitions, unless a point of it is queued or running; records the deletion with {@code
   * actor}. Points of other experiments that reused or extended its points keep their results and
   * lose only the link.
   */
  public Deletion delete(UUID id, String actor) {
    return tx.inTransactionRetryingDeadlocks(
        c -> {
          try {
            History.lockExperiment(c, id);
          } catch (IllegalStateException missing) {
            return Deletion.NOT_FOUND;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT EXISTS (SELECT 1 FROM point WHERE experiment_id = ?"
                      + " AND state IN ('QUEUED', 'RUNNING'))")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getBoolean(1)) {
                return Deletion.ACTIVE;
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO experiment_edit (experiment_id, action, value, actor)"
                      + " SELECT id, 'deleted', jsonb_build_object('name', name, 'owner', owner), ?"
                      + " FROM experiment WHERE id = ?")) {
            ps.setString(1, actor);
            ps.setObject(2, id);
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM experiment WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
          }
          return Deletion.DELETED;
        });
  }

  private static List<String> tags(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }

  private static void update(Connection c, UUID id, String assignment, Object value)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE experiment SET " + assignment + ", updated_at = now() WHERE id = ?")) {
      ps.setObject(1, value);
      ps.setObject(2, id);
      ps.executeUpdate();
    }
  }

  private void record(Connection c, UUID id, String action, Object value, String actor)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO experiment_edit (experiment_id, action, value, actor)"
                + " VALUES (?, ?, ?::jsonb, ?)")) {
      ps.setObject(1, id);
      ps.setString(2, action);
      ps.setString(3, value == null ? null : json.write(value));
      ps.setString(4, actor);
      ps.executeUpdate();
    }
  }
}
