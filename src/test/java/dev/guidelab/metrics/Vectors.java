package dev.guidelab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the reference vectors of the metric tests from {@code src/test/resources/vectors} (where
 * they come from, and the tolerance each is checked to, is in its README.md).
 */
final class Vectors {

  private Vectors() {}

  static JsonNode load(String file) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no reference vectors vectors/" + file + " on the classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] vector(JsonNode n) {
    double[] v = new double[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = n.get(i).asDouble();
    }
    return v;
  }

  static double[][] matrix(JsonNode n) {
    double[][] m = new double[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(n.get(i));
    }
    return m;
  }

  static long[] longs(JsonNode n) {
    long[] v = new long[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = n.get(i).asLong();
    }
    return v;
  }

  static boolean[] booleans(JsonNode n) {
    boolean[] v = new boolean[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = n.get(i).asBoolean();
    }
    return v;
  }
}
