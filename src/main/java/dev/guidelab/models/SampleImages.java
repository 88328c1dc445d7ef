package dev.guidelab.models;

import dev.guidelab.features.EdmQuantisation;
import dev.guidelab.features.Images;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import java.util.List;

/**
 * An image model's final samples as the uint8 images a feature network sees, made on the device the
 * samples were sampled on: a device batch is quantised where it is ({@link EdmQuantisation}), so
 * only the features a network computes from it come back to the host; any other batch is uploaded
 * first.
 */
public final class SampleImages {

  private SampleImages() {}

  /**
   * {@code samples} ({@code [n, shape.dim()]}, data range [−1, 1]) as uint8 images of {@code
   * shape}, on the device, in a manager the caller closes.
   */
  public static Images.OnDevice quantised(Batch samples, ImageShape shape) {
    try (BatchSpace.Scope upload = TensorBatch.SPACE.open(List.of())) {
      return EdmQuantisation.toUint8(
          TensorBatch.array(samples), shape.channels(), shape.resolution(), shape.resolution());
    }
  }
}
