package dev.guidelab.djl;

import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * A network call over n samples split into calls of at most a limit, the limit halved whenever
 * libtorch runs out of memory: the worker's batch size ({@code guidelab.worker.batch-size}) is the
 * most a call is given, and a device too small for it finds the size it can take instead of failing
 * the point, so one setting serves a 24 GB and an 80 GB card. The failed chunk is run again at the
 * new limit; a chunk of one sample that still does not fit fails as before.
 *
 * <p>Numbers do not change: a sample's result depends on that sample alone (per-sample seeds; the
 * networks act on each sample of a batch separately), so how the samples are grouped is invisible
 * in the results ({@code TorchScriptDenoiserTest} checks a split call against a whole one).
 *
 * <p>One instance per network instance, which serves one point: the limit found holds for the rest
 * of the point, and the first halving is logged once.
 */
public final class DeviceBatches {

  private static final Logger LOG = Logger.getLogger(DeviceBatches.class);

  /** One chunk of the call: samples {@code [from, from + size)}. */
  @FunctionalInterface
  public interface Chunk {
    void run(int from, int size);
  }

  private final String what;
  private int limit;
  private boolean halved;

  /**
   * @param what the network, for the log line
   * @param limit the most samples a call takes before memory runs out ({@link Integer#MAX_VALUE}:
   *     whatever the caller gives)
   */
  public DeviceBatches(String what, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    this.what = what;
    this.limit = limit;
  }

  /** Runs {@code chunk} over {@code [0, n)} in order, in pieces of at most the current limit. */
  public void run(int n, Chunk chunk) {
    int from = 0;
    while (from < n) {
      int size = Math.min(limit, n - from);
      try {
        chunk.run(from, size);
        from += size;
      } catch (RuntimeException e) {
        if (size == 1 || !isOutOfMemory(e)) {
          throw e;
        }
        if (!halved) {
          halved = true;
          LOG.warnf(
              "%s ran out of memory on %d samples at once (%s); calls now take at most %d, halved"
                  + " again as needed",
              what, size, firstLine(e), size / 2);
        }
        limit = size / 2;
      }
    }
  }

  /** The most samples a call takes now. */
  public int limit() {
    return limit;
  }

  /**
   * Whether {@code e} is libtorch's out-of-memory error: CUDA's caching allocator says "CUDA out of
   * memory", the CPU allocator "not enough memory"; DJL passes either on as the message of an
   * {@code EngineException}, possibly wrapped.
   */
  static boolean isOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("out of memory") || m.contains("not enough memory")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
