package dev.guidelab.sampling;

import java.util.random.RandomGenerator;

/**
 * A batch of {@code n} samples of dimension {@code dim}, {@code [n, dim]}: the sampler's state and
 * what denoisers take and return (docs/sampling-and-guidance.md §1). The sampler's Heun and Euler
 * updates and every guidance rule are written once against these operations; where the numbers live
 * is the implementation's: {@link ArrayBatch} on the host in float64 (the toy, bit for bit the
 * arithmetic written in each rule), or a tensor on the network's device in float32 (image
 * networks).
 *
 * <p>Batches are values: an operation returns a new batch and changes neither operand. A device
 * batch lives in its {@link BatchSpace}'s innermost open scope.
 */
public interface Batch {

  /** Number of samples {@code n}. */
  int size();

  /** Dimension of one sample. */
  int dim();

  /** Where this batch lives, and where batches like it are made. */
  BatchSpace space();

  /** {@code x − y}. */
  Batch minus(Batch y);

  /** {@code x + a·y}. */
  Batch plus(double a, Batch y);

  /** {@code a·x}. */
  Batch times(double a);

  /** {@code x / a}. */
  Batch dividedBy(double a);

  /** Sample {@code j} scaled by {@code a[j]}: {@code a_j·x_j}, {@code a} of length {@code n}. */
  Batch timesRows(double[] a);

  /** Per-sample inner products {@code ⟨x_j, y_j⟩}, {@code [n]}, on the host. */
  double[] dots(Batch y);

  /**
   * {@code x + scale·z}, {@code z ~ N(0, I)} drawn on the host from each sample's own generator:
   * {@code dim} Gaussians of sample 0 from {@code rngs[0]}, then sample 1's, and so on (§3).
   */
  Batch plusNoise(double scale, RandomGenerator[] rngs);

  /** The values on the host, {@code [n, dim]} row-major, a fresh array. */
  double[] toArray();
}
