package dev.guidelab.sampling;

import java.util.Collection;

/**
 * Where a sampler's batches live (docs/sampling-and-guidance.md §1): the host ({@link #HOST}), or a
 * network's device, where every intermediate of a step lives in a scope that the step closes.
 */
public interface BatchSpace {

  /** Host arrays in float64, {@link ArrayBatch}; its scopes hold nothing. */
  BatchSpace HOST = ArrayBatch.SPACE;

  /** A batch of {@code values}, {@code [n, dim]} row-major, in the innermost open scope. */
  Batch of(double[] values, int dim);

  /**
   * Opens a scope inside the innermost open one: batches made while it is the innermost, and the
   * {@code adopted} ones, are released when it closes, but those {@link Scope#keep kept}.
   */
  Scope open(Collection<Batch> adopted);

  /** A scope of batches. One thread opens and closes its scopes, innermost first. */
  interface Scope extends AutoCloseable {

    /** Moves {@code batch} to the enclosing scope, so that it outlives this one; returns it. */
    Batch keep(Batch batch);

    /** Releases the batches of this scope. */
    @Override
    void close();
  }
}
