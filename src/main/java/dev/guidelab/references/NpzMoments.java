package dev.guidelab.references;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * μ and Σ from an {@code .npz} file as pytorch-fid and clean-fid write them ({@code mu} of shape
 * {@code (d,)}, {@code sigma} of shape {@code (d, d)}), checked: finite values, Σ square and
 * symmetric within {@value #SYMMETRY} of its largest entry. Problems are reported by array name.
 */
public final class NpzMoments {

  /** Largest allowed {@code |Σᵢⱼ − Σⱼᵢ|}, relative to {@code max |Σ|}. */
  public static final double SYMMETRY = 1e-9;

  /** μ {@code [d]} and Σ {@code [d][d]}. */
  public record Moments(double[] mu, double[][] sigma) {}

  private NpzMoments() {}

  /**
   * Reads and checks {@code mu} and {@code sigma}.
   *
   * @throws InvalidRequestException naming {@code file}, {@code mu} or {@code sigma}
   */
  public static Moments read(byte[] file) {
    Npz npz;
    try {
      npz = Npz.read(file);
    } catch (NpzException e) {
      throw invalid(e.array() == null ? "file" : e.array(), e.getMessage());
    }
    List<FieldError> errors = new ArrayList<>();
    Npz.Array mu = array(npz, "mu", errors);
    Npz.Array sigma = array(npz, "sigma", errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    // Shapes: mu (d,), sigma (d, d).
    if (mu.rank() != 1 || mu.shape()[0] < 1) {
      errors.add(new FieldError("mu", "must have shape (d,) with d ≥ 1, got " + shape(mu.shape())));
    }
    int d = mu.rank() == 1 ? mu.shape()[0] : -1;
    if (sigma.rank() != 2 || sigma.shape()[0] != sigma.shape()[1]) {
      errors.add(new FieldError("sigma", "must be square (d, d), got " + shape(sigma.shape())));
    } else if (d > 0 && sigma.shape()[0] != d) {
      errors.add(
          new FieldError(
              "sigma",
              "must be ("
                  + d
                  + ", "
                  + d
                  + ") for mu of length "
                  + d
                  + ", got "
                  + shape(sigma.shape())));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    // Values: finite; Σ symmetric.
    checkFinite(mu, errors);
    checkFinite(sigma, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    double[][] s = new double[d][];
    for (int i = 0; i < d; i++) {
      s[i] = Arrays.copyOfRange(sigma.data(), i * d, (i + 1) * d);
    }
    double scale = 0;
    for (double v : sigma.data()) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double gap = Math.abs(s[i][j] - s[j][i]);
        if (gap > SYMMETRY * scale) {
          throw invalid(
              "sigma",
              "must be symmetric: sigma["
                  + i
                  + ", "
                  + j
                  + "] = "
                  + s[i][j]
                  + " but sigma["
                  + j
                  + ", "
                  + i
                  + "] = "
                  + s[j][i]
                  + " (allowed difference "
                  + SYMMETRY
                  + " × max |sigma| = "
                  + SYMMETRY * scale
                  + ")");
        }
      }
    }
    return new Moments(mu.data(), s);
  }

  private static Npz.Array array(Npz npz, String name, List<FieldError> errors) {
    try {
      return npz.array(name);
    } catch (NpzException e) {
      errors.add(new FieldError(name, e.getMessage()));
      return null;
    }
  }

  private static void checkFinite(Npz.Array a, List<FieldError> errors) {
    double[] x = a.data();
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        errors.add(new FieldError(a.name(), "must be finite, got " + x[i] + " at flat index " + i));
        return;
      }
    }
  }

  private static String shape(int[] shape) {
    return Arrays.toString(shape).replace('[', '(').replace(']', ')');
  }

  private static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }
}
