package dev.guidelab.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Streaming first and second moments in float64 (docs/metrics.md, "Streaming statistics"): {@code
 * n}, {@code S = Σ(x − c)}, {@code Q = Σ(x − c)(x − c)ᵀ} about a fixed shift {@code c} (the mean of
 * the first batch, for conditioning). Then {@code μ = c + S/n} and {@code Σ = (Q − SSᵀ/n)/(n −
 * ddof)}. Accumulators merge by addition, so batches, threads and workers can each keep one. Not
 * thread-safe.
 */
public final class MomentAccumulator {

  private int dim = -1; // d, fixed by the first batch
  private long n;
  private double[] shift; // [d] c
  private double[] s; // [d] S
  private double[] q; // [d, d] Q, upper triangle filled (row-major)

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
      // First batch: fix d and the shift c = batch mean.
      init(dim);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < dim; j++) {
          shift[j] += x[i * dim + j];
        }
      }
      for (int j = 0; j < dim; j++) {
        shift[j] /= m;
      }
    } else if (dim != this.dim) {
      throw new IllegalArgumentException("dimension " + dim + " differs from " + this.dim);
    }
    // S += Σ y, Q += Σ y yᵀ with y = x − c (upper triangle).
    double[] y = new double[dim]; // [d]
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < dim; j++) {
        y[j] = x[i * dim + j] - shift[j];
        s[j] += y[j];
      }
      for (int a = 0; a < dim; a++) {
        double ya = y[a];
        int row = a * dim;
        for (int b = a; b < dim; b++) {
          q[row + b] += ya * y[b];
        }
      }
    }
    n += m;
  }

  /** Adds everything {@code other} has seen (re-centred onto this shift if they differ). */
  public void merge(MomentAccumulator other) {
    if (other.n == 0) {
      return;
    }
    if (dim < 0) {
      init(other.dim);
      System.arraycopy(other.shift, 0, shift, 0, dim);
    } else if (other.dim != dim) {
      throw new IllegalArgumentException("dimension " + other.dim + " differs from " + dim);
    }
    // With δ = c_o − c: Σ(y_o + δ) = S_o + n_o δ; Σ(y_o + δ)(y_o + δ)ᵀ = Q_o + S_o δᵀ + δ S_oᵀ +
    // n_o δδᵀ.
    double[] delta = new double[dim]; // [d]
    for (int j = 0; j < dim; j++) {
      delta[j] = other.shift[j] - shift[j];
    }
    for (int a = 0; a < dim; a++) {
      s[a] += other.s[a] + other.n * delta[a];
      for (int b = a; b < dim; b++) {
        q[a * dim + b] +=
            other.q[a * dim + b]
                + other.s[a] * delta[b]
                + delta[a] * other.s[b]
                + other.n * delta[a] * delta[b];
      }
    }
    n += other.n;
  }

  /** Number of samples seen. */
  public long n() {
    return n;
  }

  /** Dimension d, or −1 before the first sample. */
  public int dim() {
    return dim;
  }

  /** Mean {@code μ = c + S/n}, {@code [d]}. */
  public double[] mean() {
    requireSamples(1);
    double[] mu = new double[dim];
    for (int j = 0; j < dim; j++) {
      mu[j] = shift[j] + s[j] / n;
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
    double[][] sigma = new double[dim][dim];
    for (int a = 0; a < dim; a++) {
      for (int b = a; b < dim; b++) {
        double c = (q[a * dim + b] - s[a] * s[b] / n) / (n - ddof);
        sigma[a][b] = c;
        sigma[b][a] = c;
      }
    }
    return sigma;
  }

  /**
   * Writes the exact state ({@link AccumulatorState}): d, n, and c, S and the upper triangle of Q
   * (the only one filled) row by row.
   */
  void save(DataOutput out) throws IOException {
    out.writeInt(dim);
    out.writeLong(n);
    if (dim > 0) {
      AccumulatorState.writeDoubles(out, shift, 0, dim);
      AccumulatorState.writeDoubles(out, s, 0, dim);
      for (int a = 0; a < dim; a++) {
        AccumulatorState.writeDoubles(out, q, a * dim + a, (a + 1) * dim);
      }
    }
  }

  /** Restores what {@link #save} wrote into this accumulator, which must be fresh. */
  void restore(DataInput in) throws IOException {
    AccumulatorState.expect(dim < 0 && n == 0, "to restore into a fresh moment accumulator");
    int d = in.readInt();
    long count = in.readLong();
    if (d < 0) {
      AccumulatorState.expect(d == -1 && count == 0, "an empty accumulator, found d = " + d);
      return;
    }
    AccumulatorState.expect(d > 0 && count > 0, "d > 0 and n > 0, found " + d + ", " + count);
    init(d);
    AccumulatorState.readDoubles(in, shift, 0, d);
    AccumulatorState.readDoubles(in, s, 0, d);
    for (int a = 0; a < d; a++) {
      AccumulatorState.readDoubles(in, q, a * d + a, (a + 1) * d);
    }
    n = count;
  }

  private void init(int d) {
    dim = d;
    shift = new double[d];
    s = new double[d];
    q = new double[d * d];
  }

  private void requireSamples(long needed) {
    if (n < needed) {
      throw new IllegalStateException("need at least " + needed + " samples, have " + n);
    }
  }

  @Override
  public String toString() {
    return "MomentAccumulator[n=" + n + ", shift=" + Arrays.toString(shift) + "]";
  }
}
