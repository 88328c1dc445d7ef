package dev.guidelab.toynet;

import dev.guidelab.toy.ToyClass;

/**
 * Provenance of a toy network's weights, stored in its model file's header.
 *
 * @param classes training distribution: A, B or AB (a conditional network always trains on A∪B)
 * @param iteration training iterations the weights have seen (0 = initialisation)
 * @param emaSigmaRel relative std σ_rel of the power-function EMA profile, or 0 for the raw
 *     (non-averaged) weights
 * @param trainingSeed seed of the training run (initial weights and every batch)
 * @param batchSize training batch size
 * @param validationLoss {@link ToyValidation#loss} of these weights, or NaN if not measured
 */
public record ToyNetInfo(
    ToyClass classes,
    long iteration,
    double emaSigmaRel,
    long trainingSeed,
    int batchSize,
    double validationLoss) {

  /** The same provenance with a measured validation loss. */
  public ToyNetInfo withValidationLoss(double loss) {
    return new ToyNetInfo(classes, iteration, emaSigmaRel, trainingSeed, batchSize, loss);
  }
}
