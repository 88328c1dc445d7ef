package dev.guidelab.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Makes the OpenAPI document's schemas say exactly what the JSON holds, since the dashboard's types
 * are generated from it (src-ui/openapi.json): every property of every schema is required, since
 * the schemas are the records the API answers with and Jackson writes every record component, a
 * null one as {@code null}. A component that may be null says so itself ({@code @Schema(nullable =
 * true)}); what no annotation can say is listed here: the elements that may be null, metric values
 * (null where a metric is undefined: NaN, e.g. FD of one sample) and a preview's scores, and a
 * parameter's fallback, one of several types or null (the scanner drops {@code nullable} next to
 * {@code oneOf}). Applied when the document is built.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ReadModelSchemas implements OASFilter {

  /** Schema → its properties whose map values or array items may be null. */
  private static final Map<String, List<String>> NULLABLE_ELEMENTS =
      Map.of(
          "PointView", List.of("metrics", "stderr"),
          "PartialMetrics", List.of("metrics", "stderr"),
          "PointCompleted", List.of("metrics", "stderr"),
          "SamplePreview", List.of("realism", "rarity"));

  /** Schema → its properties that are one of several types ({@code oneOf}), or null. */
  private static final Map<String, List<String>> NULLABLE_UNIONS =
      Map.of("ParamInfo", List.of("fallback"));

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
    for (Schema schema : schemas.values()) {
      if (schema.getProperties() != null) {
        schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
      }
    }
    NULLABLE_ELEMENTS.forEach(
        (name, properties) -> {
          for (String property : properties) {
            Schema container = property(schemas, name, property);
            Schema element =
                container.getItems() != null
                    ? container.getItems()
                    : container.getAdditionalPropertiesSchema();
            if (element == null) {
              throw new IllegalStateException(name + "." + property + " is not a map or an array");
            }
            element.addType(Schema.SchemaType.NULL);
          }
        });
    NULLABLE_UNIONS.forEach(
        (name, properties) -> {
          for (String property : properties) {
            Schema union = property(schemas, name, property);
            if (union.getOneOf() == null) {
              throw new IllegalStateException(name + "." + property + " is not a oneOf");
            }
            union.addOneOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
          }
        });
  }

  private static Schema property(Map<String, Schema> schemas, String name, String property) {
    Schema schema = schemas.get(name);
    Schema found =
        schema == null || schema.getProperties() == null
            ? null
            : schema.getProperties().get(property);
    if (found == null) {
      throw new IllegalStateException("no schema property " + name + "." + property);
    }
    return found;
  }
}
