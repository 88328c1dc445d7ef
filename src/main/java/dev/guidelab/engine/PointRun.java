package dev.guidelab.engine;

import dev.guidelab.db.Write;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link PointKind} reports while it computes a point; the engine stores it with the point,
 * publishes it on the progress topic and doubles each report as the cancellation check. A kind
 * reports progress between steps and ends with {@link #complete}; when the point was cancelled or
 * taken back, or the worker is shutting down, {@link #progress} throws an exception the kind lets
 * pass (it is the engine's, to stop the computation).
 */
public interface PointRun {

  /**
   * Partial results after {@code done} of the point's units.
   *
   * @throws RuntimeException the engine's own, when the computation must stop
   */
  void progress(int done, Results partial);

  /** The final results: the point completes with them, if it is still this worker's. */
  void complete(int done, Results results);

  /**
   * What a point has computed so far: metric values (null where undefined), the standard errors of
   * those that have one, the denoiser evaluations spent, other results as writes the engine runs in
   * the transaction that records them (previews, models, statistics), and optionally the state to
   * resume from ({@link Point#checkpoint()}) should the computation be interrupted after this —
   * with the final results, the state kept with the completed point, from which a point of equal
   * content and more units continues (docs/reuse.md, "Extension").
   */
  record Results(
      Map<String, Double> values,
      Map<String, Double> stderr,
      long nfe,
      List<Write> writes,
      byte[] checkpoint) {

    public Results {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      stderr = Collections.unmodifiableMap(new LinkedHashMap<>(stderr));
      writes = List.copyOf(writes);
    }

    public Results(
        Map<String, Double> values, Map<String, Double> stderr, long nfe, List<Write> writes) {
      this(values, stderr, nfe, writes, null);
    }

    /** Metric values only. */
    public static Results of(Map<String, Double> values) {
      return new Results(values, Map.of(), 0, List.of());
    }

    /** The same results with the state to resume from after them. */
    public Results withCheckpoint(byte[] state) {
      return new Results(values, stderr, nfe, writes, state);
    }

    /** Nothing but the count of units done. */
    public static Results none() {
      return of(Map.of());
    }

    /** The same results with {@code write} stored too. */
    public Results with(Write write) {
      List<Write> all = new ArrayList<>(writes);
      all.add(write);
      return new Results(values, stderr, nfe, all, checkpoint);
    }
  }
}
