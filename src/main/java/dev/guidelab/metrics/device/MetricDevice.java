package dev.guidelab.metrics.device;

import ai.djl.Device;
import dev.guidelab.djl.DjlEngine;
import dev.guidelab.metrics.MatrixProducts;
import dev.guidelab.metrics.MetricProducts;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Chooses where the metrics' products run, once at start, from the device {@code
 * guidelab.worker.device} gave the networks: libtorch in float64 on a GPU ({@link TorchProducts}),
 * BLAS on the CPU, where OpenBLAS beats libtorch (docs/metrics.md, "Where the products run").
 */
@ApplicationScoped
class MetricDevice {

  // After DeviceSetting (priority 1) has chosen the device, before any point is computed.
  void choose(@Observes @Priority(2) StartupEvent start) {
    MetricProducts.use(productsFor(DjlEngine.device()));
  }

  /** Libtorch's products on a GPU, BLAS otherwise. */
  static MatrixProducts productsFor(Device device) {
    return device.isGpu() ? new TorchProducts(DjlEngine.manager()) : MetricProducts.blas();
  }
}
