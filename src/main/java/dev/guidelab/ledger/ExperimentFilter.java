package dev.guidelab.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * Which experiments a history listing shows; every field is optional (null = any).
 *
 * @param state only experiments in this state
 * @param kind {@code sweep} or {@code train}
 * @param owner exactly this owner
 * @param search a case-insensitive part of the name
 * @param method experiments with at least one point of this guidance method
 * @param model experiments that use this model (main or guide)
 */
public record ExperimentFilter(
    State state, ExperimentKind kind, String owner, String search, String method, String model) {

  /** No filter: every experiment. */
  public static final ExperimentFilter ALL =
      new ExperimentFilter(null, null, null, null, null, null);

  /** The filter as a SQL condition on {@code experiment e} and its parameters, in order. */
  public record Sql(String where, List<Object> parameters) {}

  public Sql toSql() {
    List<String> conditions = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    if (state != null) {
      conditions.add("e.state = ?");
      parameters.add(state.name());
    }
    if (kind != null) {
      conditions.add("e.kind = ?");
      parameters.add(kind.name());
    }
    if (owner != null) {
      conditions.add("e.owner = ?");
      parameters.add(owner);
    }
    if (search != null) {
      conditions.add("e.name ILIKE ? ESCAPE '\\'");
      parameters.add(
          "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (method != null) {
      conditions.add(
          "EXISTS (SELECT 1 FROM point p WHERE p.experiment_id = e.id AND p.params->>'method' = ?)");
      parameters.add(method);
    }
    if (model != null) {
      conditions.add("e.pins -> 'models' ->> ? IS NOT NULL");
      parameters.add(model);
    }
    return new Sql(
        conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), parameters);
  }
}
