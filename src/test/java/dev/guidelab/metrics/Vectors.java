package dev.guidelab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads the shared reference vectors (../shared/vectors, tolerances in its README). */
final class Vectors {

  static final Path DIR = Path.of("..", "shared", "vectors");

  private Vectors() {}

  static JsonNode load(String file) {
    try {
      return new ObjectMapper().readTree(DIR.resolve(file).toFile());
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
