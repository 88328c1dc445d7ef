package dev.guidelab.results;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Discriminator;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Gives each {@link ProgressEvent} schema of the OpenAPI document its {@code type}: the JSON
 * discriminator and SSE event name, which Jackson writes from {@link JsonSubTypes} and the scanner
 * does not see; and adds the schema {@code ProgressEvent}, their union discriminated by {@code
 * type}, which the dashboard's types are generated from. Read from that annotation, so the names
 * are declared once.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProgressEventSchemas implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
    Schema union = OASFactory.createSchema().description("What happened to a point.");
    Discriminator discriminator = OASFactory.createDiscriminator().propertyName("type");
    for (JsonSubTypes.Type subtype :
        ProgressEvent.class.getAnnotation(JsonSubTypes.class).value()) {
      Schema schema = schemas.get(subtype.value().getSimpleName());
      if (schema == null) {
        throw new IllegalStateException(
            "no schema " + subtype.value().getSimpleName() + " (ProgressStream names each event)");
      }
      schema.addProperty(
          "type",
          OASFactory.createSchema()
              .addType(Schema.SchemaType.STRING)
              .enumeration(List.of(subtype.name()))
              .description("The SSE event name."));
      schema.addRequired("type");
      String ref = "#/components/schemas/" + subtype.value().getSimpleName();
      union.addOneOf(OASFactory.createSchema().ref(ref));
      discriminator.addMapping(subtype.name(), ref);
    }
    openAPI.getComponents().addSchema("ProgressEvent", union.discriminator(discriminator));
  }
}
