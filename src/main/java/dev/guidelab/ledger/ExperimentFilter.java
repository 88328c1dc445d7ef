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
 * @param tags experiments that carry every one of these tags (none: any)
 * @param starred only starred ({@code true}) or only unstarred ({@code false}) experiments
 * @param archived archived experiments: hidden, the only ones shown, or shown with the others
 */
public record ExperimentFilter(
    State state,
    ExperimentKind kind,
    String owner,
    String search,
    String method,
    String model,
    List<String> tags,
    Boolean starred,
    Archived archived) {

  /** Which archived experiments a listing shows. */
  public enum Archived {
    /** None: the history's default. */
    HIDDEN,
    /** Only archived ones. */
    ONLY,
    /** Archived ones and the others. */
    ALL
  }

  /** No filter: every experiment. */
  public static final ExperimentFilter ALL =
      new ExperimentFilter(null, null, null, null, null, null);

  public ExperimentFilter {
    tags = tags == null ? List.of() : List.copyOf(tags);
    archived = archived == null ? Archived.ALL : archived;
  }

  /**
   * A filter on what experiments are and do, whatever their tags, star and archiving (e.g. the
   * reference jobs of a kind).
   */
  public ExperimentFilter(
      State state, ExperimentKind kind, String owner, String search, String method, String model) {
    this(state, kind, owner, search, method, model, List.of(), null, Archived.ALL);
  }

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
    if (!tags.isEmpty()) {
      conditions.add("e.tags @> ?::text[]");
      parameters.add(tags.toArray(String[]::new));
    }
    if (starred != null) {
      conditions.add("e.starred = ?");
      parameters.add(starred);
    }
    switch (archived) {
      case HIDDEN -> conditions.add("e.archived_at IS NULL");
      case ONLY -> conditions.add("e.archived_at IS NOT NULL");
      case ALL -> {}
    }
    return new Sql(
        conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), parameters);
  }
}
