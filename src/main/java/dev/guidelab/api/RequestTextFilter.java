package dev.guidelab.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every query and path parameter of every resource, checked once before the resource runs: a NUL
 * character (which PostgreSQL refuses, so it used to surface as a 500) or a lone UTF-16 surrogate
 * in a parameter's name or value is a 400 on that parameter ({@link Text#problem}).
 */
public class RequestTextFilter {

  @ServerRequestFilter
  public void check(UriInfo uri) {
    List<FieldError> errors = new ArrayList<>();
    check(uri.getQueryParameters(), errors);
    check(uri.getPathParameters(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }

  private static void check(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      String problem = Text.problem(name);
      if (problem != null) {
        errors.add(new FieldError(name, "a parameter name " + problem));
        continue;
      }
      for (String value : parameter.getValue()) {
        problem = value == null ? null : Text.problem(value);
        if (problem != null) {
          errors.add(new FieldError(name, problem));
          break;
        }
      }
    }
  }
}
