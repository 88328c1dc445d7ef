package dev.guidelab.experiment;

import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.metrics.Metric;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The vocabulary of a spec, so clients build forms from the tables the server validates against:
 * {@code GET /api/methods} (guidance methods and their parameters) and {@code GET /api/metrics}.
 */
@Path("/api")
@Tag(name = "vocabulary", description = "What a spec may name, for clients that build forms.")
@Produces(MediaType.APPLICATION_JSON)
public class SpecVocabularyResource {

  @GET
  @Path("methods")
  @Operation(summary = "The guidance methods and their parameters, in documentation order")
  public List<MethodInfo> methods() {
    return GuidanceMethods.all().stream().map(MethodInfo::of).toList();
  }

  @GET
  @Path("metrics")
  @Operation(summary = "The metrics a spec may name, in canonical order")
  public List<MetricInfo> metrics() {
    return Arrays.stream(Metric.values()).map(MetricInfo::of).toList();
  }
}
