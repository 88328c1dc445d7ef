package dev.guidelab.experiment;

import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.metrics.Metric;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/**
 * The vocabulary of a spec, so clients build forms from the tables the server validates against:
 * {@code GET /api/methods} (guidance methods and their parameters) and {@code GET /api/metrics}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SpecVocabularyResource {

  @GET
  @Path("methods")
  public List<MethodInfo> methods() {
    return GuidanceMethods.all().stream().map(MethodInfo::of).toList();
  }

  @GET
  @Path("metrics")
  public List<MetricInfo> metrics() {
    return Arrays.stream(Metric.values()).map(MetricInfo::of).toList();
  }
}
