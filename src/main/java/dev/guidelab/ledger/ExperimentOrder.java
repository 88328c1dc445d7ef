package dev.guidelab.ledger;

import java.util.Locale;

/** The order of a history listing; ties go to the newest, then by id, so pages never overlap. */
public enum ExperimentOrder {
  /** Newest first: the default. */
  NEWEST("e.created_at DESC, e.id"),
  /** Oldest first. */
  OLDEST("e.created_at, e.id"),
  /** By display name, A to Z, ignoring case. */
  NAME("lower(e.name), e.created_at DESC, e.id"),
  /** Starred ones first. */
  STARRED("e.starred DESC, e.created_at DESC, e.id"),
  /** By the best value of the listing's metric ({@link MetricColumns}), best first, none last. */
  BEST("best %s NULLS LAST, e.created_at DESC, e.id"),
  /**
   * By the best value of the listing's metric at its weight ({@link MetricColumns}), best first,
   * none last.
   */
  AT_WEIGHT("at_weight %s NULLS LAST, e.created_at DESC, e.id");

  private final String orderBy;

  ExperimentOrder(String orderBy) {
    this.orderBy = orderBy;
  }

  /**
   * The SQL {@code ORDER BY} list, on {@code experiment e} and the listing's {@code best} and
   * {@code at_weight} columns.
   *
   * @param columns the listing's metric columns, or null; {@link #BEST} needs them, {@link
   *     #AT_WEIGHT} with a weight
   */
  String orderBy(MetricColumns columns) {
    if (this != BEST && this != AT_WEIGHT) {
      return orderBy;
    }
    if (columns == null || (this == AT_WEIGHT && columns.weight() == null)) {
      throw new IllegalArgumentException(
          "sorting by "
              + wireName()
              + " needs a metric"
              + (this == AT_WEIGHT ? " and a weight" : ""));
    }
    return orderBy.formatted(columns.lowerIsBetter() ? "ASC" : "DESC");
  }

  /**
   * How a query parameter names it: {@code newest}, {@code oldest}, {@code name}, {@code starred},
   * {@code best}, {@code at_weight}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
