package dev.guidelab.metrics;

import dev.ludovic.netlib.blas.BLAS;
import org.jboss.logging.Logger;

/**
 * Where this process runs the metrics' {@link MatrixProducts}: BLAS unless the worker chose its GPU
 * at start ({@code metrics.device.MetricDevice}, from {@code guidelab.worker.device}), once, before
 * any metric is computed. Every metric takes its products from {@link #inUse()} (through {@link
 * LinearAlgebra#best()}), so the choice is made in this one place.
 */
public final class MetricProducts {

  private static final Logger LOG = Logger.getLogger(MetricProducts.class);

  private static final class Blas {
    static final MatrixProducts INSTANCE = new BlasProducts(BLAS.getInstance());
  }

  private static volatile MatrixProducts inUse;

  private MetricProducts() {}

  /** BLAS: native OpenBLAS when installed, else netlib's pure Java. */
  public static MatrixProducts blas() {
    return Blas.INSTANCE;
  }

  /** The products every metric uses: those given to {@link #use}, else {@link #blas()}. */
  public static MatrixProducts inUse() {
    MatrixProducts chosen = inUse;
    return chosen != null ? chosen : blas();
  }

  /**
   * Runs the metrics' products on {@code products} from now on (logged). Called once at start; a
   * test that calls it restores {@link #blas()} after.
   */
  public static void use(MatrixProducts products) {
    inUse = products;
    LOG.infof("metric products: %s", products.describe());
  }
}
