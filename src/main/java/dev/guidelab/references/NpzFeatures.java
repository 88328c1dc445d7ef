package dev.guidelab.references;

import static dev.guidelab.references.ReferenceSources.invalid;
import static dev.guidelab.references.ReferenceSources.release;

import dev.guidelab.features.FeatureContract;
import java.io.IOException;

/** A {@code features} array, float32 or float64, read a batch at a time and checked finite. */
final class NpzFeatures implements ReferenceSource.FeatureSet {

  private final Npz.OnDisk npz;
  private final NpyValues values;
  private final String source;
  private final int n;
  private final int d;
  private int read;

  private NpzFeatures(Npz.OnDisk npz, NpyValues values, String source, int n, int d) {
    this.npz = npz;
    this.values = values;
    this.source = source;
    this.n = n;
    this.d = d;
  }

  static NpzFeatures open(Npz.OnDisk npz, String source, FeatureContract contract) {
    NpyValues values = npz.values("features");
    NpyHeader header = values.header();
    if (!header.isFloat() || header.rank() != 2 || header.shape()[1] != contract.dim()) {
      release(values);
      throw invalid(
          "file",
          "array 'features' must be float32 or float64 of shape (N, "
              + contract.dim()
              + "), the dimension of feature network "
              + contract.name()
              + "; got "
              + header);
    }
    return new NpzFeatures(npz, values, source, header.shape()[0], header.shape()[1]);
  }

  @Override
  public int count() {
    return n;
  }

  @Override
  public int dim() {
    return d;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public double[] next(int max) {
    int m = Math.min(max, n - read);
    if (m <= 0) {
      return null;
    }
    double[] x = new double[m * d];
    values.readDoubles(x, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw invalid(
            "file",
            "array 'features' must be finite; row "
                + (read + i / d)
                + ", column "
                + i % d
                + " is "
                + x[i]);
      }
    }
    read += m;
    return x;
  }

  @Override
  public void close() throws IOException {
    values.close();
    npz.close();
  }
}
