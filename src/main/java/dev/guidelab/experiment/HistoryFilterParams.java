package dev.guidelab.experiment;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.ledger.ExperimentFilter;
import dev.guidelab.ledger.ExperimentOrder;
import dev.guidelab.ledger.MetricColumns;
import dev.guidelab.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The history's filters on how a team organised it ({@code tag}, {@code starred}, {@code
 * archived}), its metric columns ({@code metric}, {@code weight}) and its order ({@code sort}),
 * read from query parameters like the others: every problem is a {@link FieldError} on the
 * parameter, collected with the request's other problems into one 400.
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
   * The metric columns of {@code metric} (a metric of the registry: each row's best final value of
   * it, the lowest where lower is better, else the highest) and {@code weight} (a guidance weight w
   * ≥ 0: the best among the row's points at w, which needs a metric); null when {@code metric} is
   * absent or unknown.
   */
  static MetricColumns columns(String metric, String weight, List<FieldError> errors) {
    Metric known = null;
    if (metric != null && !metric.isBlank()) {
      known = Metric.byWireName(metric.strip()).orElse(null);
      if (known == null) {
        errors.add(
            new FieldError(
                "metric",
                "unknown metric "
                    + Text.quote(metric)
                    + "; allowed: "
                    + Metric.wireNames(List.of(Metric.values()))));
      }
    }
    Double w = weight(weight, metric, errors);
    return known == null
        ? null
        : new MetricColumns(known.wireName(), known.better() == Metric.Better.LOWER, w);
  }

  /** {@code weight}: a finite number ≥ 0 with a {@code metric}, or null when absent. */
  private static Double weight(String value, String metric, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    double w;
    try {
      w = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      errors.add(new FieldError("weight", "must be a number, got " + Text.quote(value)));
      return null;
    }
    if (!Double.isFinite(w) || w < 0) {
      errors.add(new FieldError("weight", "must be a finite guidance weight ≥ 0, got " + value));
      return null;
    }
    if (metric == null || metric.isBlank()) {
      errors.add(new FieldError("weight", "needs a metric (the metric parameter)"));
      return null;
    }
    return w;
  }

  /**
   * {@code sort}: {@code newest} (the default), {@code oldest}, {@code name}, {@code starred},
   * {@code best} (by the best value of {@code metric}, which it needs) or {@code at_weight} (by the
   * best value of {@code metric} at {@code weight}, which it needs both).
   *
   * @param metric the listing's {@code metric} parameter, or null when absent or blank
   * @param weight the listing's {@code weight} parameter, or null when absent or blank
   */
  static ExperimentOrder order(
      String value, String metric, String weight, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return ExperimentOrder.NEWEST;
    }
    for (ExperimentOrder order : ExperimentOrder.values()) {
      if (order.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        boolean noMetric = metric == null || metric.isBlank();
        boolean noWeight = weight == null || weight.isBlank();
        if (order == ExperimentOrder.BEST && noMetric) {
          errors.add(new FieldError("sort", "best needs a metric (the metric parameter)"));
          return null;
        }
        if (order == ExperimentOrder.AT_WEIGHT && (noMetric || noWeight)) {
          errors.add(
              new FieldError(
                  "sort",
                  "at_weight needs a metric and a weight (the metric and weight parameters)"));
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
