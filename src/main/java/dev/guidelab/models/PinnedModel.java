package dev.guidelab.models;

import dev.guidelab.toy.ToyClass;
import java.util.Objects;

/**
 * A model as an experiment uses it: pinned by content hash when the experiment was accepted, with
 * everything loading it needs, so a worker builds its denoiser without looking the name up ({@link
 * ModelCatalog#denoiser(PinnedModel)}).
 *
 * @param name the name the spec used (for labels and messages)
 * @param sha256 the weights' content hash; for an oracle, the hash of the ground truth and class
 * @param classes the toy class an oracle or toy network was made for (a conditional network's is
 *     {@code AB}); null for an image model
 * @param conditional whether it takes a condition
 * @param image an image model's sample shape and classes; null for the toy's models
 */
public record PinnedModel(
    String name,
    ModelKind kind,
    String sha256,
    ToyClass classes,
    boolean conditional,
    ImageShape image) {

  public PinnedModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sha256, "sha256");
    if ((kind == ModelKind.TORCHSCRIPT) != (image != null)) {
      throw new IllegalArgumentException("an image shape goes with a TorchScript model only");
    }
  }
}
