package dev.guidelab.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The application's {@link FeatureNetworks}, stored in the model registry. */
@ApplicationScoped
public class FeatureNetworksProducer {

  @Produces
  @ApplicationScoped
  FeatureNetworks featureNetworks(ModelRegistry registry, ObjectMapper json) {
    return new FeatureNetworks(FeatureNetworks.store(registry), json);
  }
}
