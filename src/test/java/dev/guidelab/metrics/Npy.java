package dev.guidelab.metrics;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a matrix as a NumPy {@code .npy} file (format 1.0: magic, version, a little-endian header
 * length, a Python-literal header padded to 64 bytes, the values in C order), so that a benchmark's
 * Python baseline ({@code bench/metrics_reference.py}) reads the very data the Java side used.
 */
final class Npy {

  private Npy() {}

  /** {@code x} ({@code [n][d]}) as little-endian float64. */
  static void write(Path file, double[][] x) throws IOException {
    int d = x.length == 0 ? 0 : x[0].length;
    String dict =
        "{'descr': '<f8', 'fortran_order': False, 'shape': (" + x.length + ", " + d + "), }";
    int unpadded = 10 + dict.length() + 1; // magic + version + length, dict, newline
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20))) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      out.writeByte(header.length() & 0xff);
      out.writeByte(header.length() >> 8);
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      ByteBuffer row = ByteBuffer.allocate(d * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] r : x) {
        row.clear();
        for (double v : r) {
          row.putDouble(v);
        }
        out.write(row.array());
      }
    }
  }
}
