package dev.guidelab.sampling;

import dev.guidelab.worker.SweepPoints;

/**
 * A math class that uses the worker, which the layering forbids: {@code ArchitectureTest} checks
 * that its rule reports exactly this dependency. Test sources only; never part of the product.
 */
public final class ArchitectureFixture {

  private ArchitectureFixture() {}

  /** The forbidden use. */
  public static Class<?> forbidden() {
    return SweepPoints.class;
  }
}
