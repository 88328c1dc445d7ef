package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What the resume tests share: a pipeline's state as bytes and back, and bit-for-bit comparisons of
 * what a pipeline reports ({@code assertEquals} of {@link Double#doubleToLongBits}, so NaN equals
 * NaN and nothing else differs by even an ulp).
 */
final class Resumption {

  /** Writes a state into {@code out}. */
  interface Saver {
    void save(DataOutputStream out) throws IOException;
  }

  /** Reads a state from {@code in}. */
  interface Restorer {
    void restore(DataInputStream in) throws IOException;
  }

  /** Values and standard errors after one batch. */
  record Report(long n, Map<Metric, Double> values, Map<Metric, Double> stderr) {}

  private Resumption() {}

  static byte[] bytes(Saver saver) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      saver.save(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Restores {@code state}, which must be read to its last byte. */
  static void restore(byte[] state, Restorer restorer) throws IOException {
    ByteArrayInputStream bytes = new ByteArrayInputStream(state);
    restorer.restore(new DataInputStream(bytes));
    assertEquals(0, bytes.available(), "bytes left after the state");
  }

  static void assertSameBits(Report expected, Report actual) {
    assertEquals(expected.n(), actual.n(), "sample count");
    assertSameBits(expected.values(), actual.values(), "value at n = " + expected.n());
    assertSameBits(expected.stderr(), actual.stderr(), "stderr at n = " + expected.n());
  }

  static void assertSameBits(
      Map<Metric, Double> expected, Map<Metric, Double> actual, String what) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what);
    expected.forEach(
        (metric, value) ->
            assertEquals(
                Double.doubleToLongBits(value),
                Double.doubleToLongBits(actual.get(metric)),
                () -> metric + " " + what + ": " + value + " vs " + actual.get(metric)));
  }

  static void assertSameBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      int k = i;
      assertEquals(
          Double.doubleToLongBits(expected[i]),
          Double.doubleToLongBits(actual[i]),
          () -> what + "[" + k + "]");
    }
  }
}
