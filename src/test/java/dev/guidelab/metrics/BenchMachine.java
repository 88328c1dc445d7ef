package dev.guidelab.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What a benchmark prints about the machine it ran on (Linux's /proc). */
final class BenchMachine {

  private BenchMachine() {}

  /**
   * The BLAS/LAPACK libraries loaded into this process (from /proc/self/maps, Linux): which library
   * Debian's alternatives gave netlib's libblas.so.3.
   */
  static String blasLibraries() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(file -> file.contains("blas") || file.contains("lapack"))
          .distinct()
          .sorted()
          .toList()
          .toString();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The 1, 5 and 15-minute load averages from /proc/loadavg (Linux): other processes' share. */
  static String loadAverage() {
    try {
      String line = Files.readString(Path.of("/proc/loadavg"));
      return line.substring(0, line.indexOf(' ', line.indexOf(' ', line.indexOf(' ') + 1) + 1));
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The CPU's model name, family and model from /proc/cpuinfo (Linux), or "unknown". */
  static String cpu() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      Map<String, String> first = new LinkedHashMap<>();
      lines
          .takeWhile(line -> !line.isBlank())
          .map(line -> line.split("\\s*:\\s*", 2))
          .filter(kv -> kv.length == 2)
          .forEach(kv -> first.putIfAbsent(kv[0], kv[1]));
      return first.get("model name")
          + " (family "
          + first.get("cpu family")
          + ", model "
          + first.get("model")
          + ")";
    } catch (IOException e) {
      return "unknown";
    }
  }
}
