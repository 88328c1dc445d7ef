package dev.guidelab.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.ClassLoaderUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
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

  /** Where DJL's native jar declares its libtorch's version and flavour. */
  private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";

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

  /** What {@code guidelab.worker.device} may say. */
  public static final String DEVICES = "auto, cpu, cuda or cuda:<index>";

  /** The device every network and array lives on: the CPU unless {@link #useDevice} chose. */
  private static volatile Device device = Device.cpu();

  private static final class Holder {
    static final NDManager MANAGER = load();
  }

  private static volatile boolean loaded;

  private static NDManager load() {
    loaded = true;
    NDManager manager = NDManager.newBaseManager(device, ENGINE);
    LOG.infof("Networks run on %s: %s", device, describeLoaded());
    return manager;
  }

  /**
   * Chooses the device of every network and array from {@code setting} ({@value #DEVICES}; {@code
   * auto} is CUDA device 0 if libtorch has CUDA and sees a device, else the CPU), before the first
   * network is used; choosing the same device again is allowed.
   *
   * @return the device chosen
   * @throws IllegalArgumentException naming {@code guidelab.worker.device} if the setting is none
   *     of those, or asks for a CUDA device this libtorch or this machine does not have
   */
  public static synchronized Device useDevice(String setting) {
    requireLoadable(setting, bundledFlavour(), CudaUtils.getGpuCount());
    Engine engine = Engine.getEngine(ENGINE);
    boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
    Device chosen = choose(setting, cuda, cuda ? engine.getGpuCount() : 0);
    if (loaded && !chosen.equals(device)) {
      // A JVM's networks share one base manager (a test JVM may start the app several times).
      throw new IllegalStateException(
          "networks already run on " + device + "; the device is chosen once per process");
    }
    device = chosen;
    return device;
  }

  /**
   * The flavour of the libtorch on the classpath ({@code cpu}, {@code cu124}): the {@code flavor}
   * DJL's native jar declares in {@code native/lib/pytorch.properties}.
   */
  static String bundledFlavour() {
    Properties declared = new Properties();
    try (InputStream in =
        ClassLoaderUtils.getContextClassLoader().getResourceAsStream(NATIVE_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException("no libtorch on the classpath (" + NATIVE_PROPERTIES + ")");
      }
      declared.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return declared.getProperty("flavor", "cpu");
  }

  /**
   * Refuses a CUDA libtorch where no CUDA device is visible, whatever the setting: DJL loads a
   * bundled CUDA build only on a machine with a device (else it would download a CPU build, which
   * offline mode forbids, and fail with "Offline mode is enabled").
   */
  static void requireLoadable(String setting, String flavour, int visibleGpus) {
    if (flavour.startsWith("cu") && visibleGpus == 0) {
      throw new IllegalArgumentException(
          "guidelab.worker.device="
              + setting
              + ": this is the GPU worker build (libtorch "
              + flavour
              + "), which runs only where a CUDA device is visible, and this machine shows none"
              + " (check the NVIDIA driver, CUDA_VISIBLE_DEVICES and the pod's nvidia.com/gpu);"
              + " run the default (CPU) build here");
    }
  }

  /** The device {@code setting} names given libtorch's CUDA support and the devices it sees. */
  static Device choose(String setting, boolean cuda, int gpus) {
    String s = setting.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("cpu") || (s.equals("auto") && (!cuda || gpus == 0))) {
      return Device.cpu();
    }
    if (s.equals("auto")) {
      return Device.gpu(0);
    }
    int index;
    if (s.equals("cuda")) {
      index = 0;
    } else if (s.matches("cuda:[0-9]{1,3}")) {
      index = Integer.parseInt(s.substring(5));
    } else {
      throw new IllegalArgumentException(
          "guidelab.worker.device must be " + DEVICES + ", got '" + setting + "'");
    }
    if (!cuda) {
      throw new IllegalArgumentException(
          "guidelab.worker.device="
              + setting
              + " asks for a CUDA device, but this build's libtorch is the CPU flavour; build the"
              + " GPU worker with ./mvnw -Pcuda package (docs/platform.md, \"GPU workers\") or use"
              + " auto or cpu");
    }
    if (index >= gpus) {
      throw new IllegalArgumentException(
          "guidelab.worker.device="
              + setting
              + " asks for CUDA device "
              + index
              + ", but libtorch sees "
              + gpus
              + " (check CUDA_VISIBLE_DEVICES and the node's GPU resources)");
    }
    return Device.gpu(index);
  }

  /** The device networks and arrays live on. */
  public static Device device() {
    return device;
  }

  /**
   * {@link #device()} as {@code guidelab.worker.device} names a device, {@code cpu} or {@code
   * cuda:<index>}: what a worker records on the points it claims.
   */
  public static String deviceName() {
    return nameOf(device);
  }

  /** {@code d} as {@code guidelab.worker.device} names it: {@code cpu} or {@code cuda:<index>}. */
  public static String nameOf(Device d) {
    return d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu";
  }

  /** The JVM-wide base manager; use only through {@code newSubManager()} scopes. */
  public static NDManager manager() {
    return Holder.MANAGER;
  }

  /** A new base manager on {@link #device()} (a training run owns one and closes it). */
  public static NDManager newBaseManager() {
    return NDManager.newBaseManager(device, ENGINE);
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
