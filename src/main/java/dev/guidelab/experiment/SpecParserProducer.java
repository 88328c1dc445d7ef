package dev.guidelab.experiment;

import dev.guidelab.models.ModelCatalog;
import dev.guidelab.references.ReferenceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.OptionalInt;

/**
 * The application's {@link SpecParser}, which knows the models of the {@link ModelCatalog} and the
 * reference statistics of the {@link ReferenceStore}.
 */
@ApplicationScoped
public class SpecParserProducer {

  @Produces
  @ApplicationScoped
  SpecParser specParser(ModelCatalog models, ReferenceStore references) {
    return new SpecParser(
        new ModelLookup() {
          @Override
          public boolean exists(String id) {
            return models.exists(id);
          }

          @Override
          public boolean conditional(String id) {
            return models.conditional(id);
          }

          @Override
          public OptionalInt referenceDim(String name) {
            return references
                .summary(name)
                .map(s -> OptionalInt.of(s.dim()))
                .orElse(OptionalInt.empty());
          }
        });
  }
}
