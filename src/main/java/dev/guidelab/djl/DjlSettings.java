package dev.guidelab.djl;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands the DJL settings of {@code application.properties} to DJL, which reads only environment
 * variables and system properties: at startup, before any network is built, each setting becomes a
 * system property unless the environment ({@code DJL_OFFLINE}, {@code OMP_NUM_THREADS}) or a {@code
 * -D} option already chose. Outside Quarkus (tests, benchmarks) {@link DjlEngine} applies the same
 * defaults.
 */
@ApplicationScoped
public class DjlSettings {

  private final String offline;
  private final String threads;

  public DjlSettings(
      @ConfigProperty(name = "ai.djl.offline", defaultValue = "true") String offline,
      @ConfigProperty(name = "ai.djl.pytorch.num_threads", defaultValue = "1") String threads) {
    this.offline = offline;
    this.threads = threads;
  }

  void onStart(@Observes StartupEvent event) {
    if (System.getenv("DJL_OFFLINE") == null) {
      System.setProperty("ai.djl.offline", offline);
    }
    if (System.getenv("OMP_NUM_THREADS") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", threads);
    }
    DjlEngine.applyDefaults();
  }
}
