package dev.guidelab.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Splitting a network call when memory runs out. The call is a stand-in that fails as libtorch does
 * (an {@code EngineException} with CUDA's caching-allocator message) above a size: no device here
 * can run out of memory on purpose. That a split call gives the whole call's numbers is checked
 * with a real network ({@code TorchScriptDenoiserTest}).
 */
class DeviceBatchesTest {

  private static final String CUDA_OOM =
      "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.64 GiB";

  /** Runs over n samples on a device that takes at most {@code fits}; the chunks that succeeded. */
  private static List<int[]> run(DeviceBatches batches, int n, int fits) {
    List<int[]> done = new ArrayList<>();
    batches.run(
        n,
        (from, size) -> {
          if (size > fits) {
            throw new EngineException(CUDA_OOM);
          }
          done.add(new int[] {from, size});
        });
    return done;
  }

  @Test
  void outOfMemoryHalvesTheCallUntilItFitsAndEverySampleRunsOnceInOrder() {
    DeviceBatches batches = new DeviceBatches("test", Integer.MAX_VALUE);
    List<int[]> done = run(batches, 1000, 300);
    assertEquals(250, batches.limit(), "1000 → 500 → 250");
    int next = 0;
    for (int[] chunk : done) {
      assertEquals(next, chunk[0]);
      assertTrue(chunk[1] <= 250);
      next += chunk[1];
    }
    assertEquals(1000, next);
    assertEquals(4, done.size());
    // The limit holds for the rest of the point: the next call starts at 250.
    assertEquals(4, run(batches, 1000, 250).size());
  }

  @Test
  void aConfiguredLimitSplitsFromTheStart() {
    DeviceBatches batches = new DeviceBatches("test", 3);
    List<int[]> done = run(batches, 7, 3);
    assertEquals(List.of("0+3", "3+3", "6+1"), done.stream().map(c -> c[0] + "+" + c[1]).toList());
  }

  @Test
  void otherErrorsAndASingleSampleThatDoesNotFitFailAsBefore() {
    DeviceBatches batches = new DeviceBatches("test", Integer.MAX_VALUE);
    EngineException other = new EngineException("Expected 4-dimensional input");
    assertSame(
        other,
        assertThrows(
            EngineException.class,
            () ->
                batches.run(
                    8,
                    (from, size) -> {
                      throw other;
                    })));
    assertEquals(Integer.MAX_VALUE, batches.limit());
    EngineException oom =
        assertThrows(EngineException.class, () -> run(new DeviceBatches("test", 8), 8, 0));
    assertEquals(CUDA_OOM, oom.getMessage());
  }

  @Test
  void bothAllocatorsMessagesAreOutOfMemoryAlsoWhenWrapped() {
    assertTrue(DeviceBatches.isOutOfMemory(new EngineException(CUDA_OOM)));
    assertTrue(
        DeviceBatches.isOutOfMemory(
            new IllegalStateException(
                "forward failed",
                new EngineException(
                    "DefaultCPUAllocator: not enough memory: you tried to allocate 8 GB"))));
    assertFalse(DeviceBatches.isOutOfMemory(new EngineException("shape mismatch")));
    assertThrows(IllegalArgumentException.class, () -> new DeviceBatches("test", 0));
  }
}
