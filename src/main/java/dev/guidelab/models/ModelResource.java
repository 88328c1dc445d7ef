package dev.guidelab.models;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** {@code GET /api/models}: the names a spec may use as {@code main} or {@code guide}. */
@Path("/api/models")
public class ModelResource {

  private final ModelCatalog catalog;

  public ModelResource(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  @GET
  public List<ModelInfo> list() {
    return catalog.list();
  }
}
