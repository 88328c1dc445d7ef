package dev.guidelab.experiment;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.ledger.ExperimentFilter;
import dev.guidelab.ledger.ExperimentOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The history's filters on how a team organised it ({@code tag}, {@code starred}, {@code archived})
 * and its order ({@code sort}), read from query parameters like the others: every problem is a
 * {@link FieldError} on the parameter, collected with the request's other problems into one 400.
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
   * {@code sort}: {@code newest} (the default), {@code oldest}, {@code name} or {@code starred}.
   */
  static ExperimentOrder order(String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return ExperimentOrder.NEWEST;
    }
    for (ExperimentOrder order : ExperimentOrder.values()) {
      if (order.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
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
