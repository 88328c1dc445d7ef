package dev.guidelab.worker;

import dev.guidelab.metrics.ReferenceSet;
import dev.guidelab.references.ReferenceStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The feature vectors stored with a reference ({@code reference_features}) as a {@link
 * ReferenceSet} for the k-NN and kernel metrics of image points. The last one used is kept, so the
 * points of a sweep, which share their reference, load it from the ledger once and compute its k-NN
 * balls once; it is found by content key, so it can never be stale. One entry: 10,000 × 2048
 * vectors are 164 MB as doubles.
 */
@ApplicationScoped
class ReferenceVectors {

  private final ReferenceStore store;
  private String key; // of set
  private ReferenceSet set;

  ReferenceVectors(ReferenceStore store) {
    this.store = store;
  }

  /**
   * The vectors of the statistics with content key {@code key}.
   *
   * @throws IllegalStateException if there are none (the spec parser refuses such specs)
   */
  synchronized ReferenceSet get(String key) {
    if (!key.equals(this.key)) {
      set = null; // let the old set go before loading the new one
      set =
          new ReferenceSet(
              store
                  .features(key)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "reference " + key + " keeps no feature vectors"))
                  .rows());
      this.key = key;
    }
    return set;
  }
}
