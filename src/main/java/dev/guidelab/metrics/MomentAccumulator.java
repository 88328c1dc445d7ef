package dev.guidelab.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Streaming first and second moments in float64 (docs/metrics.md, "Streaming statistics"): {@code
 * n}, {@code S = Σ(x − c)}, {@code Q = Σ(x − c)(x − c)ᵀ} about a fixed centre {@code c} (given, or
 * the first sample, for conditioning). Then {@code μ = c + S/n} and {@code Σ = (Q − SSᵀ/n)/(n −
 * ddof)}. Accumulators merge by addition, so batches, threads and workers can each keep one.
 *
 * <p>Samples go into S and Q {@value #CHUNK} at a time, Q by one symmetric rank-k update (BLAS
 * {@code dsyrk}, or the worker's GPU: {@link MatrixProducts#addOuterProducts}) instead of d²
 * multiply-adds per sample; the fewer than {@value #CHUNK} samples since the last chunk wait in a
 * buffer that the moments, merges and saved states include. Chunks are cut by sample count and c
 * does not depend on batches, so the sums are the same to the bit however the stream is batched.
 * Not thread-safe.
 */
public final class MomentAccumulator {

  /**
   * Samples per rank-k update: 64 rows keep OpenBLAS's dsyrk near its full speed at d = 2048 while
   * the waiting buffer stays at 1 MB there.
   */
  static final int CHUNK = 64;

  private final MatrixProducts products = MetricProducts.inUse();
  private int dim = -1; // d, fixed by the first sample
  private double[] centre; // [d] c, null until given or the first sample
  private long summed; // samples in S and Q
  private double[] s; // [d] S of the summed samples
  private double[] q; // [d, d] Q of the summed samples, upper triangle filled (row-major)
  private double[] waiting; // [CHUNK, d] samples not yet summed, row-major
  private int waitingRows;

  /** Centred on the first sample it sees (or on the first accumulator merged into it). */
  public MomentAccumulator() {}

  /** Centred on {@code centre} ({@code [d]}), e.g. the mean of the moments it is compared with. */
  public MomentAccumulator(double[] centre) {
    this.centre = centre.clone();
  }

  /** Adds the samples of {@code x} ({@code [m, dim]} row-major). */
  public void accept(double[] x, int dim) {
    if (dim <= 0 || x.length % dim != 0) {
      throw new IllegalArgumentException(
          "batch of " + x.length + " values is not a whole number of " + dim + "-vectors");
    }
    int m = x.length / dim;
    if (m == 0) {
      return;
    }
    if (this.dim < 0) {
      init(dim, centre != null ? centre : Arrays.copyOf(x, dim));
    } else if (dim != this.dim) {
      throw new IllegalArgumentException("dimension " + dim + " differs from " + this.dim);
    }
    for (int i = 0; i < m; i++) {
      System.arraycopy(x, i * dim, waiting, waitingRows * dim, dim);
      if (++waitingRows == CHUNK) {
        addCentred(waiting, CHUNK, s, q);
        summed += CHUNK;
        waitingRows = 0;
      }
    }
  }

  /** Adds everything {@code other} has seen (re-centred onto this centre if they differ). */
  public void merge(MomentAccumulator other) {
    if (other.n() == 0) {
      return;
    }
    if (dim < 0) {
      init(other.dim, centre != null ? centre : other.centre);
    } else if (other.dim != dim) {
      throw new IllegalArgumentException("dimension " + other.dim + " differs from " + dim);
    }
    if (Arrays.equals(other.centre, centre)) {
      for (int a = 0; a < dim; a++) {
        s[a] += other.s[a];
        for (int b = a; b < dim; b++) {
          q[a * dim + b] += other.q[a * dim + b];
        }
      }
    } else {
      // With δ = c_o − c: Σ(y_o + δ) = S_o + n_o δ; Σ(y_o + δ)(y_o + δ)ᵀ = Q_o + S_o δᵀ + δ S_oᵀ +
      // n_o δδᵀ.
      double[] delta = new double[dim]; // [d]
      for (int j = 0; j < dim; j++) {
        delta[j] = other.centre[j] - centre[j];
      }
      for (int a = 0; a < dim; a++) {
        s[a] += other.s[a] + other.summed * delta[a];
        for (int b = a; b < dim; b++) {
          q[a * dim + b] +=
              other.q[a * dim + b]
                  + other.s[a] * delta[b]
                  + delta[a] * other.s[b]
                  + other.summed * delta[a] * delta[b];
        }
      }
    }
    // Its waiting samples, centred on this centre, straight into the sums.
    addCentred(Arrays.copyOf(other.waiting, other.waitingRows * dim), other.waitingRows, s, q);
    summed += other.n();
  }

  /** Number of samples seen. */
  public long n() {
    return summed + waitingRows;
  }

  /** Dimension d, or −1 before the first sample. */
  public int dim() {
    return dim;
  }

  /** Mean {@code μ = c + S/n}, {@code [d]}. */
  public double[] mean() {
    requireSamples(1);
    double[] sum = s.clone();
    addCentred(Arrays.copyOf(waiting, waitingRows * dim), waitingRows, sum, null);
    double[] mu = new double[dim];
    for (int j = 0; j < dim; j++) {
      mu[j] = centre[j] + sum[j] / n();
    }
    return mu;
  }

  /** Covariance with {@code ddof = 1} (normalised by n − 1, as numpy.cov and pytorch-fid). */
  public double[][] covariance() {
    return covariance(1);
  }

  /**
   * Covariance {@code (Q − SSᵀ/n)/(n − ddof)}, {@code [d][d]}; ddof 0 is StyleGAN3's convention.
   */
  public double[][] covariance(int ddof) {
    requireSamples(ddof + 1);
    double[] sum = s.clone();
    double[] square = q.clone();
    addCentred(Arrays.copyOf(waiting, waitingRows * dim), waitingRows, sum, square);
    long count = n();
    double[][] sigma = new double[dim][dim];
    for (int a = 0; a < dim; a++) {
      for (int b = a; b < dim; b++) {
        double c = (square[a * dim + b] - sum[a] * sum[b] / count) / (count - ddof);
        sigma[a][b] = c;
        sigma[b][a] = c;
      }
    }
    return sigma;
  }

  /**
   * Writes the exact state ({@link AccumulatorState}): d, n, c, S and the upper triangle of Q (the
   * only one filled) row by row, then the waiting samples.
   */
  void save(DataOutput out) throws IOException {
    out.writeInt(dim);
    out.writeLong(n());
    if (dim > 0) {
      AccumulatorState.writeDoubles(out, centre, 0, dim);
      AccumulatorState.writeDoubles(out, s, 0, dim);
      for (int a = 0; a < dim; a++) {
        AccumulatorState.writeDoubles(out, q, a * dim + a, (a + 1) * dim);
      }
      out.writeInt(waitingRows);
      AccumulatorState.writeDoubles(out, waiting, 0, waitingRows * dim);
    }
  }

  /**
   * Restores what {@link #save} wrote into this accumulator, which must be fresh and, if it was
   * given a centre, have been given the state's.
   */
  void restore(DataInput in) throws IOException {
    AccumulatorState.expect(dim < 0, "to restore into a fresh moment accumulator");
    int d = in.readInt();
    long count = in.readLong();
    if (d < 0) {
      AccumulatorState.expect(d == -1 && count == 0, "an empty accumulator, found d = " + d);
      return;
    }
    AccumulatorState.expect(d > 0 && count > 0, "d > 0 and n > 0, found " + d + ", " + count);
    double[] c = new double[d];
    AccumulatorState.readDoubles(in, c, 0, d);
    AccumulatorState.expect(centre == null || Arrays.equals(c, centre), "the same centre");
    init(d, c);
    AccumulatorState.readDoubles(in, s, 0, d);
    for (int a = 0; a < d; a++) {
      AccumulatorState.readDoubles(in, q, a * d + a, (a + 1) * d);
    }
    int rows = in.readInt();
    AccumulatorState.expect(
        rows >= 0 && rows < CHUNK && rows <= count, "0 to " + (CHUNK - 1) + " waiting samples");
    AccumulatorState.readDoubles(in, waiting, 0, rows * d);
    waitingRows = rows;
    summed = count - rows;
  }

  private void init(int d, double[] c) {
    if (c.length != d) {
      throw new IllegalArgumentException(
          "dimension " + d + " differs from the centre's " + c.length);
    }
    dim = d;
    centre = c.clone();
    s = new double[d];
    q = new double[d * d];
    waiting = new double[CHUNK * d];
  }

  /**
   * {@code S += Σ y} and {@code Q += Σ y yᵀ} (upper triangle, one rank-k update; skipped if {@code
   * sq} is null) for the {@code k} samples {@code x} ({@code [k, d]} row-major), overwritten by
   * {@code y = x − c}.
   */
  private void addCentred(double[] x, int k, double[] ss, double[] sq) {
    if (k == 0) {
      return;
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] -= centre[j];
        ss[j] += x[i * dim + j];
      }
    }
    if (sq != null) {
      products.addOuterProducts(x, k, dim, sq);
    }
  }

  private void requireSamples(long needed) {
    if (n() < needed) {
      throw new IllegalStateException("need at least " + needed + " samples, have " + n());
    }
  }

  @Override
  public String toString() {
    return "MomentAccumulator[n=" + n() + ", centre=" + Arrays.toString(centre) + "]";
  }
}
