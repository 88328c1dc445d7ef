package dev.guidelab.references;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reference statistics that Guidelab computes from uploaded images or features. */
@ConfigMapping(prefix = "guidelab.references")
public interface ReferenceConfig {

  /**
   * Most feature vectors kept per computed reference for the k-NN and kernel metrics of image
   * experiments (precision/recall, density/coverage, KID, realism, rarity): a uniform subset when
   * the source has more ({@link ReferenceFeatures}). 0 keeps none, so those metrics cannot be asked
   * for. Part of the content key: another value makes other references.
   */
  @WithDefault("10000")
  int knnSamples();
}
