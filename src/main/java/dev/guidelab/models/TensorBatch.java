package dev.guidelab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A {@link Batch} as a float32 tensor {@code [n, dim]} on {@link DjlEngine#device()}: the sampler's
 * state, the guidance rules' intermediates and the Heun updates of an image point stay where the
 * network runs (docs/sampling-and-guidance.md §1); only per-sample scalars ({@link #dots}), the
 * host-drawn noise ({@link #plusNoise}) and the final samples ({@link #toArray}) cross to and from
 * the host.
 *
 * <p>Memory (DJL memory docs): {@link #SPACE}'s scopes are sub-managers of the engine's base
 * manager, one stack per thread; every array an operation makes is attached to the calling thread's
 * innermost open scope and closed with it, unless {@link BatchSpace.Scope#keep kept}. An operation
 * outside any scope is an error, so nothing is made that no scope closes.
 */
final class TensorBatch implements Batch {

  /** The device's batches; scopes are per thread. */
  static final BatchSpace SPACE = new Space();

  private static final ThreadLocal<Deque<NDManager>> SCOPES =
      ThreadLocal.withInitial(ArrayDeque::new);

  private final NDArray x; // [n, dim] float32

  private TensorBatch(NDArray x) {
    this.x = x;
  }

  /** {@code x [n, dim]} as a batch, attached to the innermost scope. */
  static TensorBatch of(NDArray x) {
    x.attach(innermost());
    return new TensorBatch(x);
  }

  /** {@code batch} on the device: a tensor batch's own array, any other batch's upload. */
  static NDArray array(Batch batch) {
    return batch instanceof TensorBatch t
        ? t.x
        : ((TensorBatch) SPACE.of(batch.toArray(), batch.dim())).x;
  }

  /** The calling thread's innermost open scope. */
  static NDManager innermost() {
    NDManager scope = SCOPES.get().peek();
    if (scope == null) {
      throw new IllegalStateException("a device batch is made outside any open scope");
    }
    return scope;
  }

  @Override
  public int size() {
    return Math.toIntExact(x.getShape().get(0));
  }

  @Override
  public int dim() {
    return Math.toIntExact(x.getShape().get(1));
  }

  @Override
  public BatchSpace space() {
    return SPACE;
  }

  @Override
  public Batch minus(Batch y) {
    return of(x.sub(array(y)));
  }

  @Override
  public Batch plus(double a, Batch y) {
    // a·y + x, added in place into a·y: one array instead of two (float addition commutes).
    return of(array(y).mul((float) a).addi(x));
  }

  @Override
  public Batch times(double a) {
    return of(x.mul((float) a));
  }

  @Override
  public Batch dividedBy(double a) {
    return of(x.div((float) a));
  }

  @Override
  public Batch timesRows(double[] a) {
    float[] f = new float[a.length];
    for (int j = 0; j < f.length; j++) {
      f[j] = (float) a[j];
    }
    try (NDArray column = x.getManager().create(f, new Shape(f.length, 1))) {
      return of(x.mul(column));
    }
  }

  @Override
  public double[] dots(Batch y) {
    try (NDArray products = x.mul(array(y));
        NDArray sums = products.sum(new int[] {1})) {
      float[] f = sums.toFloatArray();
      double[] dots = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        dots[j] = f[j];
      }
      return dots;
    }
  }

  @Override
  public Batch plusNoise(double scale, RandomGenerator[] rngs) {
    int dim = dim();
    float[] z = new float[rngs.length * dim];
    for (int j = 0; j < rngs.length; j++) {
      for (int c = j * dim; c < (j + 1) * dim; c++) {
        z[c] = (float) (scale * rngs[j].nextGaussian());
      }
    }
    try (NDArray noise = x.getManager().create(z, x.getShape())) {
      return of(x.add(noise));
    }
  }

  @Override
  public double[] toArray() {
    float[] f = x.toFloatArray();
    double[] values = new double[f.length];
    for (int c = 0; c < f.length; c++) {
      values[c] = f[c];
    }
    return values;
  }

  /** Uploads and scopes on the device. */
  private static final class Space implements BatchSpace {

    @Override
    public Batch of(double[] values, int dim) {
      float[] f = new float[values.length];
      for (int c = 0; c < f.length; c++) {
        f[c] = (float) values[c];
      }
      return new TensorBatch(innermost().create(f, new Shape(values.length / dim, dim)));
    }

    @Override
    public Scope open(Collection<Batch> adopted) {
      Deque<NDManager> scopes = SCOPES.get();
      NDManager parent = scopes.isEmpty() ? DjlEngine.manager() : scopes.peek();
      NDManager scope = parent.newSubManager();
      scopes.push(scope);
      for (Batch batch : adopted) {
        ((TensorBatch) batch).x.attach(scope);
      }
      return new Scope() {
        @Override
        public Batch keep(Batch batch) {
          ((TensorBatch) batch).x.attach(parent);
          return batch;
        }

        @Override
        public void close() {
          if (scopes.peek() != scope) {
            throw new IllegalStateException("device scopes close innermost first");
          }
          scopes.pop();
          scope.close();
        }
      };
    }
  }
}
