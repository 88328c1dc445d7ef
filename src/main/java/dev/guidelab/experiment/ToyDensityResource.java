package dev.guidelab.experiment;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.QueryParams;
import dev.guidelab.api.Text;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyDensity;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/toy/density?class=A&size=128}: the exact density of a toy class on a grid. The
 * ground truth never changes, so the first {@value #CACHED} grids asked for are kept (the dashboard
 * asks for one size); others are computed per request.
 */
@Path("/api/toy/density")
@Tag(name = "vocabulary")
@Produces(MediaType.APPLICATION_JSON)
public class ToyDensityResource {

  static final int MAX_SIZE = 512;
  static final int CACHED = 8;

  private final Map<String, ToyDensity> cache = new ConcurrentHashMap<>();

  @GET
  @Operation(summary = "The exact log-density of a toy class on a square grid")
  public ToyDensity density(
      @QueryParam("class") @DefaultValue("A") String toyClass,
      @QueryParam("size") String sizeParam) {
    List<FieldError> errors = new ArrayList<>();
    ToyClass parsed = null;
    try {
      parsed = ToyClass.valueOf(toyClass);
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldError(
              "class",
              "unknown class "
                  + Text.quote(toyClass)
                  + "; allowed: "
                  + Arrays.toString(ToyClass.values())));
    }
    Integer size = QueryParams.integer("size", sizeParam, 128, errors);
    if (size != null && (size < 2 || size > MAX_SIZE)) {
      errors.add(new FieldError("size", "must be in 2.." + MAX_SIZE + ", got " + size));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    String key = parsed + "/" + size;
    ToyDensity density = cache.get(key);
    if (density == null) {
      density = ToyDensity.of(parsed, size);
      if (cache.size() < CACHED) {
        cache.putIfAbsent(key, density);
      }
    }
    return density;
  }
}
