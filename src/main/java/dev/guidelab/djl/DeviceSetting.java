package dev.guidelab.djl;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code guidelab.worker.device}: where networks and their arrays live — {@code auto} (CUDA device
 * 0 if this build's libtorch has CUDA and sees a device, else the CPU), {@code cpu}, {@code cuda}
 * or {@code cuda:<index>}. Chosen at start, before any network is loaded; a CUDA device that is not
 * there stops the process with a message naming the setting.
 */
@ApplicationScoped
class DeviceSetting {

  private static final Logger LOG = Logger.getLogger(DeviceSetting.class);

  private final String setting;

  DeviceSetting(@ConfigProperty(name = "guidelab.worker.device") String setting) {
    this.setting = setting;
  }

  // Before the built-in models and references are registered (they may load networks).
  void choose(@Observes @Priority(1) StartupEvent start) {
    try {
      DjlEngine.useDevice(setting);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    LOG.infof("guidelab.worker.device=%s: networks run on %s", setting, DjlEngine.deviceName());
  }
}
