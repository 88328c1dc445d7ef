package dev.guidelab.sampling;

/**
 * What each sample of a run is conditioned on (docs/sampling-and-guidance.md §3): a one-hot class
 * vector per sample, a function of the sample's {@code (seed, k)} alone, so a sample's condition
 * does not depend on batching, worker count or retries.
 */
public sealed interface SampleConditions {

  /** Number of classes: the length of one condition vector, the network's {@code conditionDim}. */
  int classes();

  /** The class of sample {@code k} of the run seeded by {@code seed}, in {@code 0..classes−1}. */
  int classOf(long seed, long k);

  /** Every sample conditioned on class {@code index} (EDM2's {@code --class}). */
  static SampleConditions fixed(int classes, int index) {
    return new Fixed(classes, index);
  }

  /**
   * Every sample conditioned on its own uniformly random class, {@link SampleRandom#classLabel}
   * (EDM2's {@code generate_images} without {@code --class}).
   */
  static SampleConditions random(int classes) {
    return new Random(classes);
  }

  /**
   * The one-hot conditions of samples {@code firstIndex .. firstIndex + count − 1}.
   *
   * @return {@code [count, classes]} row-major
   */
  default double[] oneHot(long seed, long firstIndex, int count) {
    double[] y = new double[count * classes()]; // [count, classes]
    for (int j = 0; j < count; j++) {
      y[j * classes() + classOf(seed, firstIndex + j)] = 1;
    }
    return y;
  }

  /** One class for every sample. */
  record Fixed(int classes, int index) implements SampleConditions {

    public Fixed {
      if (classes < 1 || index < 0 || index >= classes) {
        throw new IllegalArgumentException(
            "class " + index + " is not one of the model's " + classes + " classes");
      }
    }

    @Override
    public int classOf(long seed, long k) {
      return index;
    }
  }

  /** A uniformly random class per sample, from the sample's own label stream. */
  record Random(int classes) implements SampleConditions {

    public Random {
      if (classes < 1) {
        throw new IllegalArgumentException("need at least one class, got " + classes);
      }
    }

    @Override
    public int classOf(long seed, long k) {
      return SampleRandom.classLabel(seed, k, classes);
    }
  }
}
