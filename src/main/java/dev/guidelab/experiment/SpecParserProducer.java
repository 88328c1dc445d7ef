package dev.guidelab.experiment;

import dev.guidelab.models.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The application's {@link SpecParser}, which knows the models of the {@link ModelCatalog}. */
@ApplicationScoped
public class SpecParserProducer {

  @Produces
  @ApplicationScoped
  SpecParser specParser(ModelCatalog models) {
    return new SpecParser(ModelLookup.of(models::exists, models::conditional));
  }
}
