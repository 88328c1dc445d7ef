package dev.guidelab.experiment;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.ledger.BestMetric;
import dev.guidelab.ledger.ExperimentFilter;
import dev.guidelab.ledger.ExperimentOrder;
import dev.guidelab.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The history's filters on how a team organised it ({@code tag}, {@code starred}, {@code
 * archived}), its metric column ({@code metric}) and its order ({@code sort}), read from query
 * parameters like the others: every problem is a {@link FieldError} on the parameter, collected
 * with the request's other problems into one 400.
 */
final class HistoryFilterParams {

  private HistoryFilterParams() {}

  /** Every {@code tag} parameter (experiments that carry all of them), each a well-formed tag. */
  static List<String> tags(List<String> values, List<FieldError> errors) {
    List<String> tags = new ArrayList<>();
    if (values == null) {
      return tags;
    }
    if (values.size() > ExperimentEditRequest.MAX_TAGS) {
      errors.add(
          new FieldError(
              "tag", "at most " + ExperimentEditRequest.MAX_TAGS + " tags, got " + values.size()));
      return tags;
    }
    for (String value : values) {
      if (value == null || value.isBlank()) {
        continue;
      }
      String problem = ExperimentEditRequest.tagProblem(value.strip());
      if (problem == null) {
        tags.add(value.strip());
      } else {
        errors.add(new FieldError("tag", problem));
      }
    }
    return tags;
  }

  /** {@code starred}: {@code true} only starred, {@code false} only unstarred, absent any. */
  static Boolean starred(String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return QueryParams.flag("starred", value, false, errors);
  }

  /**
   * {@code archived}: {@code false} (the default) hides archived experiments, {@code true} shows
   * only them, {@code all} shows both.
   */
  static ExperimentFilter.Archived archived(String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return ExperimentFilter.Archived.HIDDEN;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "false" -> ExperimentFilter.Archived.HIDDEN;
      case "true" -> ExperimentFilter.Archived.ONLY;
      case "all" -> ExperimentFilter.Archived.ALL;
      default -> {
        errors.add(
            new FieldError("archived", "must be false, true or all, got " + Text.quote(value)));
        yield null;
      }
    };
  }

  /**
   * {@code metric}: a metric of the registry whose best final value each row carries (the minimum
   * where lower is better, else the maximum), or null when absent.
   */
  static BestMetric metric(String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return Metric.byWireName(value.strip())
        .map(m -> new BestMetric(m.wireName(), m.better() == Metric.Better.LOWER))
        .orElseGet(
            () -> {
              errors.add(
                  new FieldError(
                      "metric",
                      "unknown metric "
                          + Text.quote(value)
                          + "; allowed: "
                          + Metric.wireNames(List.of(Metric.values()))));
              return null;
            });
  }

  /**
   * {@code sort}: {@code newest} (the default), {@code oldest}, {@code name}, {@code starred} or
   * {@code best} (by the best value of {@code metric}, which it needs).
   *
   * @param metric the listing's {@code metric} parameter, or null when absent or blank
   */
  static ExperimentOrder order(String value, String metric, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return ExperimentOrder.NEWEST;
    }
    for (ExperimentOrder order : ExperimentOrder.values()) {
      if (order.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        if (order == ExperimentOrder.BEST && (metric == null || metric.isBlank())) {
          errors.add(new FieldError("sort", "best needs a metric (the metric parameter)"));
          return null;
        }
        return order;
      }
    }
    errors.add(
        new FieldError(
            "sort",
            "must be one of "
                + Arrays.stream(ExperimentOrder.values()).map(ExperimentOrder::wireName).toList()
                + ", got "
                + Text.quote(value)));
    return null;
  }
}
