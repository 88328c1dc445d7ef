package dev.guidelab.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.jboss.logging.Logger;

/**
 * The DJL/PyTorch engine as the toy networks use it (docs/platform.md, "DJL / PyTorch on CPU").
 *
 * <p>Before the engine loads, defaults are set unless the environment or a system property already
 * chose: offline mode ({@code ai.djl.offline=true}: libtorch comes from the {@code
 * pytorch-native-cpu} jar, nothing is ever downloaded) and one intra-op and one inter-op thread
 * ({@code ai.djl.pytorch.num_threads}, {@code ai.djl.pytorch.num_interop_threads}). One shared base
 * manager lives for the JVM; every evaluation and every training step works in a sub-manager of it
 * (or of its own base manager) and closes it before returning.
 */
public final class DjlEngine {

  /** DJL's engine name for PyTorch. */
  public static final String ENGINE = "PyTorch";

  private static final Logger LOG = Logger.getLogger(DjlEngine.class);

  static {
    applyDefaults();
  }

  private DjlEngine() {}

  /**
   * Sets Guidelab's DJL defaults as system properties where neither an environment variable nor a
   * system property has set them. Idempotent; takes effect only before the engine first loads.
   */
  public static void applyDefaults() {
    setIfAbsent("DJL_OFFLINE", "ai.djl.offline", "true");
    setIfAbsent("OMP_NUM_THREADS", "ai.djl.pytorch.num_threads", "1");
    setIfAbsent(null, "ai.djl.pytorch.num_interop_threads", "1");
  }

  private static void setIfAbsent(String env, String property, String value) {
    if ((env == null || System.getenv(env) == null) && System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private static final class Holder {
    static final NDManager MANAGER = load();
  }

  private static NDManager load() {
    NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE);
    LOG.infof("Networks run on the CPU: %s", describeLoaded());
    return manager;
  }

  /** The JVM-wide base manager; use only through {@code newSubManager()} scopes. */
  public static NDManager manager() {
    return Holder.MANAGER;
  }

  /** A new base manager on the CPU (a training run owns one and closes it). */
  public static NDManager newBaseManager() {
    return NDManager.newBaseManager(Device.cpu(), ENGINE);
  }

  /** Turns autograd recording off in the calling thread (grad mode is per thread). */
  public static void gradModeOff() {
    manager(); // loads the engine
    JniUtils.setGradMode(false);
  }

  /** One line describing the engine: DJL and libtorch versions, intra-/inter-op threads. */
  public static String describe() {
    manager();
    return describeLoaded();
  }

  private static String describeLoaded() {
    Engine engine = Engine.getEngine(ENGINE);
    return String.format(
        "DJL %s, %s %s, intra-op threads %d, inter-op threads %d, offline %s",
        Engine.getDjlVersion(),
        engine.getEngineName(),
        engine.getVersion(),
        JniUtils.getNumThreads(),
        JniUtils.getNumInteropThreads(),
        ai.djl.util.Utils.isOfflineMode());
  }
}
