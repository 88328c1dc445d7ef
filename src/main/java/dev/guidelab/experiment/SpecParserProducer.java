package dev.guidelab.experiment;

import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ImageShape;
import dev.guidelab.models.ModelCatalog;
import dev.guidelab.references.ReferenceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The application's {@link SpecParser}, which knows the models of the {@link ModelCatalog}, the
 * reference statistics of the {@link ReferenceStore} and the registered {@link FeatureNetworks}.
 */
@ApplicationScoped
public class SpecParserProducer {

  @Produces
  @ApplicationScoped
  SpecParser specParser(
      ModelCatalog models,
      ReferenceStore references,
      FeatureNetworks featureNetworks,
      SpecConfig config) {
    return new SpecParser(
        new ModelLookup() {
          @Override
          public boolean exists(String id) {
            return models.exists(id);
          }

          @Override
          public Optional<String> addressProblem(String id) {
            return models.addressProblem(id);
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

          @Override
          public Optional<ImageShape> imageShape(String id) {
            return models.imageShape(id);
          }

          @Override
          public Optional<FeatureNetworks.Registered> featureNetwork(String name) {
            try {
              return featureNetworks.find(name);
            } catch (IllegalArgumentException notAFeatureNetwork) {
              return Optional.empty(); // the name belongs to a denoiser
            }
          }

          @Override
          public OptionalInt referenceSamples(String name) {
            return references
                .summary(name)
                .map(s -> OptionalInt.of(s.knnSamples()))
                .orElse(OptionalInt.empty());
          }

          @Override
          public OptionalInt referenceTop1Classes(String name) {
            return references
                .summary(name)
                .map(s -> OptionalInt.of(s.top1Classes()))
                .orElse(OptionalInt.empty());
          }

          @Override
          public Optional<String> referenceFeatures(String name) {
            return references.summary(name).map(ReferenceStore.Summary::featureNetwork);
          }
        },
        config.maxSamples(),
        config.reuse());
  }
}
