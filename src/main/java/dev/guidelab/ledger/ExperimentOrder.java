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
  /** By the best value of the listing's metric ({@link BestMetric}), best first, none last. */
  BEST("best %s NULLS LAST, e.created_at DESC, e.id");

  private final String orderBy;

  ExperimentOrder(String orderBy) {
    this.orderBy = orderBy;
  }

  /**
   * The SQL {@code ORDER BY} list, on {@code experiment e} and the listing's {@code best} column.
   *
   * @param best the listing's metric, or null; {@link #BEST} needs one
   */
  String orderBy(BestMetric best) {
    if (this != BEST) {
      return orderBy;
    }
    if (best == null) {
      throw new IllegalArgumentException("sorting by the best value needs a metric");
    }
    return orderBy.formatted(best.lowerIsBetter() ? "ASC" : "DESC");
  }

  /**
   * How a query parameter names it: {@code newest}, {@code oldest}, {@code name}, {@code starred},
   * {@code best}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
