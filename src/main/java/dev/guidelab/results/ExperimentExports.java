package dev.guidelab.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.ledger.ExperimentQueries;
import dev.guidelab.ledger.ExperimentView;
import dev.guidelab.ledger.MetricRows;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/experiments/{id}/export.csv} and {@code export.json}: every stored metric value
 * of an experiment (partial and final, each with its n and standard error) beside its point's
 * parameters. Rows stream from the database ({@link MetricRows}) to the response, so an export
 * holds a few hundred rows in memory whatever the experiment's size.
 */
@Path("/api/experiments/{id}")
@Tag(name = "experiments")
public class ExperimentExports {

  /** The CSV's columns, in order; the JSON rows have the same fields, in camel case. */
  static final String CSV_HEADER =
      "point,point_id,label,method,params,seed,state,metric,n,value,stderr,final";

  private final ExperimentQueries queries;
  private final MetricRows rows;
  private final ObjectMapper json;

  public ExperimentExports(ExperimentQueries queries, MetricRows rows, ObjectMapper json) {
    this.queries = queries;
    this.rows = rows;
    this.json = json;
  }

  /** RFC 4180 CSV, one row per (point, metric, n), with a header row; lines end in CRLF. */
  @GET
  @Path("export.csv")
  @Produces("text/csv")
  @Operation(summary = "Every stored metric value with its point's parameters, as CSV")
  public Response csv(@PathParam("id") UUID id) {
    ExperimentView experiment = find(id);
    StreamingOutput body =
        out -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          w.write(CSV_HEADER + "\r\n");
          rows.forEach(
              id,
              row -> {
                w.write(
                    String.join(
                        ",",
                        Integer.toString(row.ordinal()),
                        row.pointId().toString(),
                        csvField(row.label()),
                        csvField(row.method()),
                        csvField(row.params()),
                        Long.toString(row.seed()),
                        row.state().name(),
                        csvField(row.metric()),
                        Integer.toString(row.n()),
                        number(row.value()),
                        number(row.stderr()),
                        Boolean.toString(row.isFinal())));
                w.write("\r\n");
              });
          w.flush();
        };
    return attachment(body, "text/csv; charset=UTF-8", fileName(experiment, "csv"));
  }

  /**
   * The experiment's identity ({@code id}, {@code name}, {@code kind}, {@code specHash}, {@code
   * state}) and its {@code rows}, each with the CSV's columns as fields ({@code params} as JSON).
   */
  @GET
  @Path("export.json")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Every stored metric value with its point's parameters, as JSON rows")
  public Response json(@PathParam("id") UUID id) {
    ExperimentView experiment = find(id);
    StreamingOutput body =
        out -> {
          try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", experiment.id().toString());
            g.writeStringField("name", experiment.name());
            g.writeStringField("kind", experiment.kind().name());
            g.writeStringField("specHash", experiment.specHash());
            g.writeStringField("state", experiment.state().name());
            g.writeArrayFieldStart("rows");
            rows.forEach(
                id,
                row -> {
                  g.writeStartObject();
                  g.writeNumberField("point", row.ordinal());
                  g.writeStringField("pointId", row.pointId().toString());
                  g.writeStringField("label", row.label());
                  g.writeStringField("method", row.method());
                  g.writeFieldName("params");
                  g.writeRawValue(row.params());
                  g.writeNumberField("seed", row.seed());
                  g.writeStringField("state", row.state().name());
                  g.writeStringField("metric", row.metric());
                  g.writeNumberField("n", row.n());
                  g.writeFieldName("value");
                  writeNumber(g, row.value());
                  g.writeFieldName("stderr");
                  writeNumber(g, row.stderr());
                  g.writeBooleanField("final", row.isFinal());
                  g.writeEndObject();
                });
            g.writeEndArray();
            g.writeEndObject();
          }
        };
    return attachment(body, MediaType.APPLICATION_JSON, fileName(experiment, "json"));
  }

  private ExperimentView find(UUID id) {
    return queries.find(id).orElseThrow(() -> new NotFoundException("no experiment " + id));
  }

  private static Response attachment(StreamingOutput body, String type, String fileName) {
    return Response.ok(body, type)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .build();
  }

  /**
   * The download's name: the experiment's name in lower case with every run of other characters
   * than ASCII letters and digits a {@code -}, cut to 60, then its id's first 8 characters ({@code
   * autoguidance-vs-cfg-1a2b3c4d.csv}). Plain ASCII, so it needs no quoting in the header.
   */
  static String fileName(ExperimentView experiment, String extension) {
    String slug =
        experiment
            .name()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-|-$", "");
    slug = slug.length() > 60 ? slug.substring(0, 60).replaceAll("-$", "") : slug;
    return (slug.isEmpty() ? "experiment" : slug)
        + "-"
        + experiment.id().toString().substring(0, 8)
        + "."
        + extension;
  }

  /**
   * A field as RFC 4180 has it: quoted, with quotes doubled, when it holds a comma, quote or EOL.
   */
  static String csvField(String value) {
    if (value == null) {
      return "";
    }
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /** A value that reads back as the same double; empty when there is none. */
  private static String number(Double value) {
    return value == null ? "" : Double.toString(value);
  }

  private static void writeNumber(JsonGenerator g, Double value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value);
    }
  }
}
