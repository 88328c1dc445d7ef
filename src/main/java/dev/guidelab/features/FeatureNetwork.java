package dev.guidelab.features;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import dev.guidelab.content.Hashes;
import dev.guidelab.djl.DjlEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A TorchScript feature network (Inception-V3 for FID, DINOv2 for FD_DINOv2, or a user's), loaded
 * with DJL's PyTorch engine from bytes whose SHA-256 was checked, and called as its {@link
 * FeatureContract} says.
 *
 * <p>Memory: the TorchScript module lives in this object's {@link Model} until {@link #close()};
 * each batch runs in a sub-manager of the model's manager that is closed before the batch's
 * features are handed back, with autograd off. Like a DJL predictor, one instance serves one thread
 * at a time (open one per worker thread).
 */
public final class FeatureNetwork implements AutoCloseable {

  /** The field of a {@link FeatureInputException} about the classifier head's output. */
  public static final String CLASSIFIER_OUTPUT = "classifier output";

  /** Images per forward call unless the caller chooses. */
  public static final int DEFAULT_BATCH = 32;

  private final Model model;
  private final PtSymbolBlock block;
  private final FeatureContract contract;
  private final String sha256;

  private FeatureNetwork(Model model, FeatureContract contract, String sha256) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.contract = contract;
    this.sha256 = sha256;
  }

  /**
   * Loads the TorchScript file {@code bytes} after checking that its SHA-256 is {@code
   * expectedSha256}; the checked bytes themselves are loaded, never the file again.
   *
   * @throws IllegalArgumentException if the hash differs or the bytes are not loadable TorchScript
   */
  public static FeatureNetwork load(byte[] bytes, String expectedSha256, FeatureContract contract) {
    String sha256 = verify(bytes, expectedSha256, contract.name());
    DjlEngine.applyDefaults(); // offline, one thread: before the engine first loads
    Model model = Model.newInstance(contract.name(), DjlEngine.device(), DjlEngine.ENGINE);
    try {
      model.load(new ByteArrayInputStream(bytes), null);
      JniUtils.enableInferenceMode((PtSymbolBlock) model.getBlock());
      return new FeatureNetwork(model, contract, sha256);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException(
          "feature network '"
              + contract.name()
              + "': file "
              + sha256
              + " is not TorchScript that libtorch can load: "
              + e.getMessage(),
          e);
    }
  }

  /** Reads {@code file} once and {@link #load(byte[], String, FeatureContract) loads} its bytes. */
  public static FeatureNetwork load(Path file, String expectedSha256, FeatureContract contract)
      throws IOException {
    return load(Files.readAllBytes(file), expectedSha256, contract);
  }

  /**
   * The content hash of {@code bytes} if it is {@code expectedSha256} (case-insensitive hex).
   *
   * @throws IllegalArgumentException naming both hashes otherwise
   */
  public static String verify(byte[] bytes, String expectedSha256, String network) {
    String actual = Hashes.sha256(bytes);
    if (expectedSha256 == null || !actual.equalsIgnoreCase(expectedSha256.strip())) {
      throw new IllegalArgumentException(
          "feature network '"
              + network
              + "': content hash mismatch: expected sha256 "
              + expectedSha256
              + ", but the "
              + bytes.length
              + "-byte file has "
              + actual
              + " (wrong or corrupted file)");
    }
    return actual;
  }

  public FeatureContract contract() {
    return contract;
  }

  public String sha256() {
    return sha256;
  }

  /** {@link #extract(Images, int)} in batches of {@link #DEFAULT_BATCH}. */
  public Features extract(Images images) {
    return extract(images, DEFAULT_BATCH);
  }

  /**
   * The network's features of every image, {@code [n, dim]}, computed {@code batchSize} images at a
   * time.
   *
   * @throws FeatureInputException if the images do not fit the contract, or the network's output is
   *     not {@code [batch, dim]}
   */
  public Features extract(Images images, int batchSize) {
    double[] out = run(images, batchSize, true, contract.dim());
    return new Features(images.n(), contract.dim(), out, sha256, contract.pipeline());
  }

  /**
   * The classifier head's logits of every image, {@code [n, classes]} row-major: {@code forward(x,
   * return_features=False)} in batches of {@value #DEFAULT_BATCH}, a second pass through the
   * network (Inception computes its pool3 features again on the way to the logits).
   *
   * @throws IllegalStateException if the contract declares no head ({@link
   *     FeatureContract#hasClassifier()})
   * @throws FeatureInputException if the images do not fit the contract, or the output is not
   *     {@code [batch, classes]}
   */
  public double[] logits(Images images) {
    if (!contract.hasClassifier()) {
      throw new IllegalStateException(
          "feature network '" + contract.name() + "' has no classifier head");
    }
    return run(images, DEFAULT_BATCH, false, contract.classes());
  }

  /**
   * {@code forward} on every image, {@code batchSize} at a time, with autograd off.
   *
   * @param features whether the features ({@code return_features=True}) or the logits are wanted
   * @param width the output's columns: D or K
   * @return {@code [n, width]} row-major
   */
  private double[] run(Images images, int batchSize, boolean features, int width) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    validate(images);
    double[] out = new double[images.n() * width];
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false); // grad mode is per thread
    try {
      for (int start = 0; start < images.n(); start += batchSize) {
        int b = Math.min(batchSize, images.n() - start);
        float[] f = batch(images, start, b, features, width);
        for (int i = 0; i < f.length; i++) {
          out[start * width + i] = f[i];
        }
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
    return out;
  }

  /**
   * Checks images against the contract before any native work ({@link FeatureContract#check}).
   *
   * @throws FeatureInputException naming the first field that does not fit
   */
  public void validate(Images images) {
    contract.check(images.dtype(), images.channels(), images.height(), images.width());
  }

  /**
   * Features (or logits) of images {@code [start, start + b)}, all native memory released on
   * return.
   */
  private float[] batch(Images images, int start, int b, boolean features, int width) {
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray x = input(scope, images, start, b); // [b, C, H, W]
      if (!(images instanceof Images.Float32)
          && contract.input() == FeatureContract.InputKind.FLOAT_NCHW) {
        x = Preprocessing.apply(x, contract); // [b, C, height, width] float32
      }
      NDArray f = forward((PtNDManager) scope, (PtNDArray) x, features, width); // [b, width]
      long[] shape = f.getShape().getShape();
      if (shape.length != 2 || shape[0] != b || shape[1] != width) {
        throw error(
            features ? "network output" : CLASSIFIER_OUTPUT,
            "[" + b + ", " + width + "]",
            Arrays.toString(shape));
      }
      return f.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  /** Images {@code [start, start + b)} on the network's device, in {@code scope}. */
  private static NDArray input(NDManager scope, Images images, int start, int b) {
    if (images instanceof Images.OnDevice d) {
      return d.slice(start, b, scope);
    }
    Shape shape = new Shape(b, images.channels(), images.height(), images.width());
    int from = start * images.imageSize();
    int to = from + b * images.imageSize();
    if (images instanceof Images.Uint8 u) {
      return scope.create(
          ByteBuffer.wrap(u.pixels(), from, to - from).slice(), shape, DataType.UINT8);
    }
    Images.Float32 f = (Images.Float32) images;
    return scope.create(Arrays.copyOfRange(f.values(), from, to), shape);
  }

  private NDArray forward(PtNDManager scope, PtNDArray x, boolean features, int width) {
    IValue[] args =
        contract.forward() == FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES
            ? new IValue[] {IValue.from(x), IValue.from(features)}
            : new IValue[] {IValue.from(x)};
    try (IValue result = block.forward(args)) {
      if (!result.isTensor()) {
        throw error("network output", "a tensor [batch, " + width + "]", "a non-tensor");
      }
      return result.toTensor(scope);
    } finally {
      for (IValue arg : args) {
        arg.close();
      }
    }
  }

  /** Live NDArrays in the model's manager: its parameters, plus anything a batch leaked. */
  int liveArrays() {
    return model.getNDManager().getManagedArrays().size();
  }

  private FeatureInputException error(String field, Object expected, Object got) {
    return contract.error(field, expected, got);
  }

  @Override
  public void close() {
    model.close();
  }

  /**
   * Checks that {@code bytes} load and keep {@code contract} on a probe batch: features, and for a
   * contract with a classifier head finite logits of its K classes too.
   *
   * @throws IllegalArgumentException if the file does not load or breaks the contract; a {@link
   *     FeatureInputException} on {@value #CLASSIFIER_OUTPUT} if the head does
   */
  public static void probe(byte[] bytes, String sha256, FeatureContract contract) {
    try (FeatureNetwork network = FeatureNetwork.load(bytes, sha256, contract)) {
      network.extract(probe(contract));
      if (contract.hasClassifier()) {
        probeClassifier(network);
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      // The engine's own complaint, e.g. a forward() that takes other arguments than the
      // contract's.
      String reason =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException(
          "the network does not run as contract " + contract.name() + " says: " + reason, e);
    }
  }

  /** The head's logits of the probe image: {@code [1, classes]} and finite. */
  private static void probeClassifier(FeatureNetwork network) {
    FeatureContract contract = network.contract();
    String expected =
        "finite [1, " + contract.classes() + "] logits from forward(x, return_features=False)";
    double[] logits;
    try {
      logits = network.logits(probe(contract));
    } catch (FeatureInputException e) {
      throw e;
    } catch (RuntimeException e) {
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw contract.error(FeatureNetwork.CLASSIFIER_OUTPUT, expected, "an error: " + reason);
    }
    for (double z : logits) {
      if (!Double.isFinite(z)) {
        throw contract.error(FeatureNetwork.CLASSIFIER_OUTPUT, expected, "a logit " + z);
      }
    }
  }

  /** One mid-grey image the contract accepts (uint8 at its size, or 32×32 for any size). */
  private static Images probe(FeatureContract contract) {
    int h = contract.anySize() ? 32 : contract.height();
    int w = contract.anySize() ? 32 : contract.width();
    byte[] pixels = new byte[contract.channels() * h * w];
    java.util.Arrays.fill(pixels, (byte) 128);
    return new Images.Uint8(1, contract.channels(), h, w, pixels);
  }
}
