package dev.guidelab.sampling;

import java.util.Collection;
import java.util.random.RandomGenerator;

/**
 * A {@link Batch} in a host {@code double[n·dim]}, row-major: sample {@code j} occupies {@code
 * [j·dim, (j+1)·dim)} (docs/sampling-and-guidance.md §1). Every operation is one float64 loop in
 * element order, so a rule written against {@link Batch} computes exactly the numbers of its
 * formula written out on arrays. The toy path.
 */
public final class ArrayBatch implements Batch {

  static final BatchSpace SPACE =
      new BatchSpace() {
        @Override
        public Batch of(double[] values, int dim) {
          return ArrayBatch.of(values, dim);
        }

        @Override
        public Scope open(Collection<Batch> adopted) {
          return HOST_SCOPE;
        }
      };

  private static final BatchSpace.Scope HOST_SCOPE =
      new BatchSpace.Scope() {
        @Override
        public Batch keep(Batch batch) {
          return batch;
        }

        @Override
        public void close() {}
      };

  private final double[] x; // [n, dim]
  private final int dim;

  private ArrayBatch(double[] x, int dim) {
    if (dim < 1 || x.length % dim != 0) {
      throw new IllegalArgumentException(x.length + " values are not rows of " + dim);
    }
    this.x = x;
    this.dim = dim;
  }

  /** The batch of {@code values} {@code [n, dim]}, not copied: do not change them afterwards. */
  public static ArrayBatch of(double[] values, int dim) {
    return new ArrayBatch(values, dim);
  }

  /**
   * The values of {@code batch} on the host, {@code [n, dim]}: an array batch's own array (not to
   * be changed), any other batch's copy.
   */
  public static double[] values(Batch batch) {
    return batch instanceof ArrayBatch a ? a.x : batch.toArray();
  }

  @Override
  public int size() {
    return x.length / dim;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public BatchSpace space() {
    return SPACE;
  }

  @Override
  public Batch minus(Batch y) {
    double[] b = values(y);
    double[] r = new double[x.length];
    for (int c = 0; c < r.length; c++) {
      r[c] = x[c] - b[c];
    }
    return new ArrayBatch(r, dim);
  }

  @Override
  public Batch plus(double a, Batch y) {
    double[] b = values(y);
    double[] r = new double[x.length];
    for (int c = 0; c < r.length; c++) {
      r[c] = x[c] + a * b[c];
    }
    return new ArrayBatch(r, dim);
  }

  @Override
  public Batch times(double a) {
    double[] r = new double[x.length];
    for (int c = 0; c < r.length; c++) {
      r[c] = a * x[c];
    }
    return new ArrayBatch(r, dim);
  }

  @Override
  public Batch dividedBy(double a) {
    double[] r = new double[x.length];
    for (int c = 0; c < r.length; c++) {
      r[c] = x[c] / a;
    }
    return new ArrayBatch(r, dim);
  }

  @Override
  public Batch timesRows(double[] a) {
    double[] r = new double[x.length];
    for (int c = 0; c < r.length; c++) {
      r[c] = a[c / dim] * x[c];
    }
    return new ArrayBatch(r, dim);
  }

  @Override
  public double[] dots(Batch y) {
    double[] b = values(y);
    double[] dots = new double[size()];
    for (int j = 0; j < dots.length; j++) {
      double sum = 0;
      for (int c = j * dim; c < (j + 1) * dim; c++) {
        sum += x[c] * b[c];
      }
      dots[j] = sum;
    }
    return dots;
  }

  @Override
  public Batch plusNoise(double scale, RandomGenerator[] rngs) {
    double[] r = new double[x.length];
    for (int j = 0; j < rngs.length; j++) {
      for (int c = j * dim; c < (j + 1) * dim; c++) {
        r[c] = x[c] + scale * rngs[j].nextGaussian();
      }
    }
    return new ArrayBatch(r, dim);
  }

  @Override
  public double[] toArray() {
    return x.clone();
  }
}
