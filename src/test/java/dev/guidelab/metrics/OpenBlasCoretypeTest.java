package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ops/openblas-coretype} names OpenBLAS kernels by the CPU flags it reads. */
class OpenBlasCoretypeTest {

  @TempDir Path dir;

  @Test
  void fullAvx512IsSkylakeX() throws Exception {
    assertEquals(
        "0 SkylakeX",
        run("fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16"));
  }

  @Test
  void avx2WithFmaIsHaswell() throws Exception {
    assertEquals("0 Haswell", run("fpu sse2 avx avx2 fma bmi2"));
  }

  @Test
  void partialAvx512IsNotEnoughForSkylakeX() throws Exception {
    // AVX-512 F without BW/VL (Knights Landing-like): SkylakeX kernels would fault.
    assertEquals("0 Haswell", run("fpu sse2 avx avx2 fma avx512f avx512cd"));
  }

  @Test
  void flagsAreMatchedWholeNotAsPrefixes() throws Exception {
    assertEquals("1 ", run("fpu sse2 avx avx2x fmax"));
  }

  @Test
  void noAvx2LeavesOpenBlasToDecide() throws Exception {
    assertEquals("1 ", run("fpu sse2 sse4_2 avx"));
  }

  /** Exit code and standard output for a cpuinfo whose first processor has {@code flags}. */
  private String run(String flags) throws IOException, InterruptedException {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(
        cpuinfo,
        "processor\t: 0\nmodel\t\t: 207\nflags\t\t: "
            + flags
            + "\n\nprocessor\t: 1\nflags\t\t: avx512f avx512cd avx512bw avx512dq avx512vl avx2"
            + " fma\n");
    Process p =
        new ProcessBuilder("sh", "ops/openblas-coretype", cpuinfo.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.waitFor() + " " + out;
  }
}
