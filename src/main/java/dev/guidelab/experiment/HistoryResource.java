package dev.guidelab.experiment;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.ledger.ExperimentFilter;
import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.ledger.ExperimentOrder;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentSummary;
import dev.guidelab.ledger.MetricColumns;
import dev.guidelab.ledger.Page;
import dev.guidelab.ledger.State;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The history ({@code GET /api/experiments}): the team's experiments filtered, sorted and paginated
 * by the server, with a chosen metric's best value per row, over all its completed points and at a
 * chosen guidance weight ({@link HistoryFilterParams} reads the parameters).
 */
@Path("/api/experiments")
@Tag(name = "experiments")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

  static final int MAX_PAGE_SIZE = 200;

  private final ExperimentQueries queries;

  public HistoryResource(ExperimentQueries queries) {
    this.queries = queries;
  }

  @GET
  @Operation(summary = "List the history, newest first or sorted, filtered and paginated")
  @Parameter(
      name = "tag",
      in = ParameterIn.QUERY,
      description = "Repeatable: only experiments that carry every tag given",
      schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
  public Page<ExperimentSummary> list(
      @QueryParam("state") String state,
      @QueryParam("kind") String kind,
      @QueryParam("owner") String owner,
      @QueryParam("q") String search,
      @QueryParam("method") String method,
      @QueryParam("model") String model,
      @Parameter(description = "Only starred (true) or only unstarred (false) experiments")
          @QueryParam("starred")
          String starred,
      @Parameter(
              description =
                  "false (the default) hides archived experiments, true shows only them, all both")
          @QueryParam("archived")
          String archived,
      @Parameter(
              description =
                  "A metric: each row's best is its best final value of it over its completed"
                      + " points")
          @QueryParam("metric")
          String metric,
      @Parameter(
              description =
                  "A guidance weight w ≥ 0 (needs metric): each row's atWeight is the best final"
                      + " value of the metric over its completed points at exactly this weight,"
                      + " whatever their method")
          @QueryParam("weight")
          String weight,
      @Parameter(
              description =
                  "newest (the default) or oldest first, by name, starred first, best (by the"
                      + " metric's best value, best first, none last) or at_weight (by the"
                      + " metric's best value at the weight, best first, none last)")
          @QueryParam("sort")
          String sort,
      @QueryParam("page") String pageParam,
      @QueryParam("size") String sizeParam,
      @Context UriInfo uri) {
    List<FieldError> errors = new ArrayList<>();
    State filter = null;
    if (state != null && !state.isBlank()) {
      try {
        filter = State.valueOf(state.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.add(
            new FieldError(
                "state",
                "unknown state " + Text.quote(state) + "; allowed: " + List.of(State.values())));
      }
    }
    Integer page = QueryParams.integer("page", pageParam, 0, errors);
    if (page != null && page < 0) {
      errors.add(new FieldError("page", "must be ≥ 0, got " + page));
    }
    Integer size = QueryParams.integer("size", sizeParam, 20, errors);
    if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
      errors.add(new FieldError("size", "must be in 1.." + MAX_PAGE_SIZE + ", got " + size));
    }
    ExperimentKind kindFilter = null;
    if (kind != null && !kind.isBlank()) {
      if (ExperimentKind.wellFormed(kind.trim())) {
        kindFilter = new ExperimentKind(kind.trim());
      } else {
        errors.add(
            new FieldError(
                "kind",
                "must be an experiment kind such as sweep, train or reference (lower-case letters,"
                    + " digits and '-'), got "
                    + Text.quote(kind)));
      }
    }
    List<String> tags = HistoryFilterParams.tags(uri.getQueryParameters().get("tag"), errors);
    Boolean starredFilter = HistoryFilterParams.starred(starred, errors);
    ExperimentFilter.Archived archivedFilter = HistoryFilterParams.archived(archived, errors);
    MetricColumns columns = HistoryFilterParams.columns(metric, weight, errors);
    ExperimentOrder order = HistoryFilterParams.order(sort, metric, weight, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return queries.list(
        new ExperimentFilter(
            filter,
            kindFilter,
            blankToNull(owner),
            blankToNull(search),
            blankToNull(method),
            blankToNull(model),
            tags,
            starredFilter,
            archivedFilter),
        order,
        columns,
        page,
        size);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
