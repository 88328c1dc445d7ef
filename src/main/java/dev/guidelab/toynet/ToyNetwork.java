package dev.guidelab.toynet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.sampling.SampleRandom;
import dev.guidelab.toy.ToyClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The weights of a toy denoiser network (docs/toy.md) with their provenance: an immutable value on
 * the Java heap, no native memory. {@link ToyNetDenoiser} evaluates it, {@link ToyTrainer} makes
 * it.
 *
 * <p>Weights are the raw magnitude-preserving weights of EDM2 (Karras et al. 2024, {@code MPConv}):
 * the forward pass uses {@code Ŵ = w/(‖w_row‖ + ε√n)}, i.e. {@code normalize(w)/√n} with EDM2's
 * {@code normalize(w) = w/(ε + ‖w_row‖/√n)}, so every row of {@code Ŵ} has unit norm; training
 * re-normalises the raw rows to {@code normalize(w)} after every step (forced weight
 * normalisation).
 *
 * <p>Model file (one file, little-endian): the 8 ASCII bytes {@value #MAGIC}, int32 format version,
 * int32 header length, a UTF-8 JSON header (architecture and {@link ToyNetInfo}), then float32 gain
 * and every layer's {@code [H, fan_in]} weights row-major. Loading restores the weights bit for
 * bit; {@link #sha256()} is the hash of exactly those bytes.
 */
public final class ToyNetwork {

  /** File magic. */
  public static final String MAGIC = "GLTOYNET";

  /** Current file format version. */
  public static final int FORMAT_VERSION = 1;

  /** ε of EDM2's {@code normalize}. */
  static final double EPSILON = 1e-4;

  /** EDM2's magnitude-preserving SiLU divisor: {@code mp_silu(x) = silu(x)/0.596}. */
  static final double SILU_GAIN = 0.596;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ToyNetConfig config;
  private final float[][] weights; // [L+1][H·fan_in] raw weights, row-major
  private final float gain;
  private final ToyNetInfo info;

  private ToyNetwork(ToyNetConfig config, float[][] weights, float gain, ToyNetInfo info) {
    this.config = config;
    this.weights = weights;
    this.gain = gain;
    this.info = info;
  }

  /**
   * A network from raw weights (copied): {@code weights[l]} is layer {@code l}'s {@code [H,
   * fan_in]} row-major.
   */
  public static ToyNetwork of(ToyNetConfig config, float[][] weights, float gain, ToyNetInfo info) {
    if (weights.length != config.linearCount()) {
      throw new IllegalArgumentException(
          "expected " + config.linearCount() + " weight matrices, got " + weights.length);
    }
    float[][] copy = new float[weights.length][];
    for (int l = 0; l < weights.length; l++) {
      int expected = config.hidden() * config.fanIn(l);
      if (weights[l].length != expected) {
        throw new IllegalArgumentException(
            "layer " + l + " needs " + expected + " weights, got " + weights[l].length);
      }
      copy[l] = weights[l].clone();
    }
    return new ToyNetwork(config, copy, gain, info);
  }

  /**
   * The initial network of a training run: weights N(0, 1) from the Java stream {@code
   * SampleRandom.forSample(seed, −1)} (layer by layer, row-major), normalised as EDM2 does, gain 0.
   */
  public static ToyNetwork initial(ToyNetConfig config, ToyClass classes, long seed) {
    RandomGenerator rng = SampleRandom.forSample(seed, -1);
    float[][] w = new float[config.linearCount()][];
    for (int l = 0; l < w.length; l++) {
      w[l] = new float[config.hidden() * config.fanIn(l)];
      for (int i = 0; i < w[l].length; i++) {
        w[l][i] = (float) rng.nextGaussian();
      }
      forceNormalize(w[l], config.fanIn(l));
    }
    return new ToyNetwork(config, w, 0f, new ToyNetInfo(classes, 0, 0, seed, 0, Double.NaN));
  }

  /**
   * EDM2's forced weight normalisation, in place: every row becomes {@code normalize(w) = w/(ε +
   * ‖w‖/√n)} (unit variance per element).
   */
  static void forceNormalize(float[] w, int fanIn) {
    double sqrtN = Math.sqrt(fanIn);
    for (int r = 0; r < w.length; r += fanIn) {
      double norm = rowNorm(w, r, fanIn);
      double scale = 1 / (EPSILON + norm / sqrtN);
      for (int c = r; c < r + fanIn; c++) {
        w[c] = (float) (w[c] * scale);
      }
    }
  }

  private static double rowNorm(float[] w, int offset, int n) {
    double sum = 0;
    for (int c = offset; c < offset + n; c++) {
      sum += (double) w[c] * w[c];
    }
    return Math.sqrt(sum);
  }

  /** Architecture. */
  public ToyNetConfig config() {
    return config;
  }

  /** Provenance. */
  public ToyNetInfo info() {
    return info;
  }

  /** The scalar gain. */
  public float gain() {
    return gain;
  }

  /** Raw weights of linear layer {@code l}, {@code [H, fan_in]} row-major (a copy). */
  public float[] weights(int l) {
    return weights[l].clone();
  }

  /** The same weights with other provenance. */
  public ToyNetwork withInfo(ToyNetInfo newInfo) {
    return new ToyNetwork(config, weights, gain, newInfo);
  }

  /** The same weights with another gain (tests, ablations). */
  public ToyNetwork withGain(float newGain) {
    return new ToyNetwork(config, weights, newGain, info);
  }

  /**
   * Effective weights of layer {@code l} as the forward pass uses them: {@code Ŵ = w/(‖w_row‖ +
   * ε√n)}, divided by 0.596 for the layers after a SiLU (the MP-SiLU's divisor folded in).
   */
  float[] effectiveWeights(int l) {
    int n = config.fanIn(l);
    double post = l == 0 ? 1 : SILU_GAIN;
    double epsSqrtN = EPSILON * Math.sqrt(n);
    float[] w = weights[l];
    float[] eff = new float[w.length];
    for (int r = 0; r < w.length; r += n) {
      double scale = 1 / ((rowNorm(w, r, n) + epsSqrtN) * post);
      for (int c = r; c < r + n; c++) {
        eff[c] = (float) (w[c] * scale);
      }
    }
    return eff;
  }

  // --- Model file ------------------------------------------------------------------------------

  /** Writes the model file (see the class comment); replaces an existing file. */
  public void save(Path file) {
    try {
      Files.write(file, toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write toy network to " + file, e);
    }
  }

  /** Reads a model file written by {@link #save}. */
  public static ToyNetwork load(Path file) {
    try {
      return fromBytes(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read toy network from " + file, e);
    }
  }

  /** SHA-256 of the model file's bytes, lower-case hex: the model's content identity. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(toBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The model file's bytes. */
  public byte[] toBytes() {
    byte[] header = header().toString().getBytes(StandardCharsets.UTF_8);
    int floats = config.parameterCount();
    ByteBuffer buf =
        ByteBuffer.allocate(MAGIC.length() + 8 + header.length + 4 * floats)
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
    buf.putInt(FORMAT_VERSION).putInt(header.length).put(header);
    buf.putFloat(gain);
    for (float[] w : weights) {
      for (float v : w) {
        buf.putFloat(v);
      }
    }
    return buf.array();
  }

  /** Parses model-file bytes. */
  public static ToyNetwork fromBytes(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length()];
    if (bytes.length < magic.length + 8) {
      throw new IllegalArgumentException("not a toy network file: too short");
    }
    buf.get(magic);
    if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException("not a toy network file: bad magic");
    }
    int version = buf.getInt();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "toy network file format " + version + " is not supported (expected " + FORMAT_VERSION);
    }
    byte[] headerBytes = new byte[buf.getInt()];
    buf.get(headerBytes);
    JsonNode h;
    try {
      h = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("toy network file has a malformed header", e);
    }
    ToyNetConfig config =
        new ToyNetConfig(
            h.get("hidden").asInt(), h.get("layers").asInt(), h.get("conditional").asBoolean());
    JsonNode loss = h.get("validationLoss");
    ToyNetInfo info =
        new ToyNetInfo(
            ToyClass.valueOf(h.get("classes").asText()),
            h.get("iteration").asLong(),
            h.get("emaSigmaRel").asDouble(),
            h.get("trainingSeed").asLong(),
            h.get("batchSize").asInt(),
            loss == null || loss.isNull() ? Double.NaN : loss.asDouble());
    if (buf.remaining() != 4 * config.parameterCount()) {
      throw new IllegalArgumentException(
          "toy network file holds "
              + buf.remaining() / 4
              + " floats, its header announces "
              + config.parameterCount());
    }
    float gain = buf.getFloat();
    float[][] w = new float[config.linearCount()][];
    for (int l = 0; l < w.length; l++) {
      w[l] = new float[config.hidden() * config.fanIn(l)];
      for (int i = 0; i < w[l].length; i++) {
        w[l][i] = buf.getFloat();
      }
    }
    return new ToyNetwork(config, w, gain, info);
  }

  private ObjectNode header() {
    ObjectNode h = JSON.createObjectNode();
    h.put("format", "guidelab-toynet");
    h.put("hidden", config.hidden());
    h.put("layers", config.layers());
    h.put("conditional", config.conditional());
    h.put("inputDim", config.inputDim());
    h.put("parameters", config.parameterCount());
    h.put("sigmaData", NetInputs.SIGMA_DATA);
    h.put("classes", info.classes().name());
    h.put("iteration", info.iteration());
    h.put("emaSigmaRel", info.emaSigmaRel());
    h.put("trainingSeed", info.trainingSeed());
    h.put("batchSize", info.batchSize());
    if (Double.isNaN(info.validationLoss())) {
      h.putNull("validationLoss");
    } else {
      h.put("validationLoss", info.validationLoss());
    }
    return h;
  }
}
