package dev.guidelab.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The error answers of {@link ErrorMappers} in the OpenAPI document ({@code /q/openapi}), added to
 * every {@code /api} operation by rule instead of being annotated on each: {@code 400} with every
 * offending field for an operation that takes a parameter or a body (each is checked by name, see
 * {@link RequestTextFilter} and {@link QueryParams}), {@code 413} for one that takes a body ({@link
 * RequestBodies}, {@link BodyLimitRoute}), {@code 404} for one whose path names something, {@code
 * 401} for every one but those that declare that they need no credentials (signing in: an empty
 * security requirement, OpenAPI's way to say so) and {@code 403} for every write
 * (docs/accounts.md). Every one is an {@link ApiError}. Applied when the document is built.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ErrorResponses implements OASFilter {

  private static final String API_ERROR = "#/components/schemas/ApiError";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      if (!path.getKey().startsWith("/api/")) {
        continue;
      }
      for (Map.Entry<PathItem.HttpMethod, Operation> entry :
          path.getValue().getOperations().entrySet()) {
        Operation operation = entry.getValue();
        boolean open = open(operation);
        if (!open) {
          add(
              operation,
              "401",
              "No credentials, or ones that do not work: send Authorization: Bearer <token>, or"
                  + " sign in.");
        }
        if (!open && entry.getKey() != PathItem.HttpMethod.GET) {
          add(
              operation,
              "403",
              "Not for your role (a viewer reads only), not your experiment or token (its owner or"
                  + " an admin), or a session's write without its csrf token.");
        }
        boolean body = operation.getRequestBody() != null;
        boolean parameters =
            hasItems(operation.getParameters()) || hasItems(path.getValue().getParameters());
        if (body || parameters) {
          add(
              operation,
              "400",
              "Invalid request: every offending field (the first 100) with what is allowed.");
        }
        if (body) {
          add(operation, "413", "Request body too large: the limit, and the size found.");
        }
        if (path.getKey().contains("{")) {
          add(
              operation,
              "404",
              "Nothing of that id or name (yet): the message says what is missing.");
        }
      }
    }
  }

  /** Whether the operation needs no credentials: one of its security requirements is empty. */
  private static boolean open(Operation operation) {
    return operation.getSecurity() != null
        && operation.getSecurity().stream()
            .anyMatch(r -> r.getSchemes() == null || r.getSchemes().isEmpty());
  }

  private static boolean hasItems(List<?> list) {
    return list != null && !list.isEmpty();
  }

  private static void add(Operation operation, String status, String description) {
    APIResponses responses = operation.getResponses();
    APIResponse declared = responses.getAPIResponse(status);
    if (declared != null && declared.getContent() != null) {
      return; // described by the resource itself
    }
    APIResponse response =
        OASFactory.createAPIResponse()
            .description(description)
            .content(
                OASFactory.createContent()
                    .addMediaType(
                        "application/json",
                        OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref(API_ERROR))));
    responses.addAPIResponse(status, response);
  }
}
