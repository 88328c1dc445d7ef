package dev.guidelab.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.content.Hashes;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.StartDistribution;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import dev.guidelab.toy.ToyOracleDenoiser;
import dev.guidelab.toynet.ToyNetDenoiser;
import dev.guidelab.toynet.ToyNetwork;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models a spec may name: the exact denoisers of the 2-D toy ground truth ({@code
 * toy-oracle:A}, {@code toy-oracle:B}, the union {@code toy-oracle:AB}) and every toy network in
 * the {@link ModelRegistry} ({@code toy-mlp:…}, trained by Guidelab), and users' TorchScript image
 * denoisers ({@link TorchScriptModels}). Every name resolves to a content hash; workers load
 * networks by that hash, so a result always says which weights made it.
 */
@ApplicationScoped
public class ModelCatalog {

  static final String ORACLE_PREFIX = "toy-oracle:";

  private final ModelRegistry registry;
  private final Map<String, ModelInfo> oracles = new LinkedHashMap<>();
  // Loaded networks by content hash. A ToyNetDenoiser holds no native memory.
  private final Map<String, ToyNetDenoiser> networks = new ConcurrentHashMap<>();

  public ModelCatalog(ModelRegistry registry, ObjectMapper json) {
    this.registry = registry;
    String groundTruth = Hashes.sha256(ToyGroundTruth.resourceBytes());
    for (ToyClass c : ToyClass.values()) {
      String name = ORACLE_PREFIX + c.name();
      oracles.put(
          name,
          new ModelInfo(
              name,
              ModelKind.ORACLE,
              "exact denoiser D*(x;σ) of the toy ground truth, class " + c.name(),
              Hashes.sha256(groundTruth + ":" + c.name()),
              false,
              true,
              json.createObjectNode().put("classes", c.name())));
    }
  }

  /** Oracles first, then registered networks (built-in first, newest first). */
  public List<ModelInfo> list() {
    List<ModelInfo> all = new ArrayList<>(oracles.values());
    registry.list().stream()
        .filter(ModelCatalog::isDenoiser)
        .forEach(model -> all.add(info(model)));
    return all;
  }

  public Optional<ModelInfo> find(String name) {
    ModelInfo oracle = oracles.get(name);
    return oracle != null
        ? Optional.of(oracle)
        : registry.find(name).filter(ModelCatalog::isDenoiser).map(this::info);
  }

  public boolean exists(String name) {
    return find(name).isPresent();
  }

  /** Whether the existing model takes a condition (condition-changing guidance needs one). */
  public boolean conditional(String name) {
    return find(name).map(ModelInfo::conditional).orElse(false);
  }

  /** The content hash of each named model, for the experiment's reproducibility record. */
  public Map<String, String> resolve(List<String> names) {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String name : names) {
      hashes.put(name, require(name).sha256());
    }
    return hashes;
  }

  /** The sample shape of an image model, or empty for the toy's 2-D models. */
  public Optional<ImageShape> imageShape(String name) {
    return find(name)
        .filter(model -> model.kind() == ModelKind.TORCHSCRIPT)
        .map(model -> TorchScriptModels.shape(model.params()));
  }

  /**
   * The denoiser of model {@code name} with the weights {@code pinned} records for it (resolved at
   * submission); names not pinned resolve now. A TorchScript model is loaded afresh for the caller,
   * who closes it ({@link AutoCloseable}) and uses it from one thread.
   */
  public Denoiser denoiser(String name, Map<String, String> pinned) {
    ModelInfo model = require(name);
    if (model.kind() == ModelKind.ORACLE) {
      return new ToyOracleDenoiser(ToyClass.valueOf(name.substring(ORACLE_PREFIX.length())));
    }
    String sha256 = pinned.getOrDefault(name, model.sha256());
    if (model.kind() == ModelKind.TORCHSCRIPT) {
      byte[] bytes = registry.bytes(sha256);
      if (!Hashes.sha256(bytes).equals(sha256)) {
        throw new IllegalStateException("model file " + sha256 + " does not match its hash");
      }
      return TorchScriptDenoiser.load(bytes, TorchScriptModels.shape(model.params()));
    }
    return networks.computeIfAbsent(sha256, this::load);
  }

  /**
   * Exact samples of the noisy ground truth the model was built for, for {@code start: "data"}: its
   * class, or {@code condition} for a conditional network.
   */
  public Optional<StartDistribution> groundTruth(String name, String condition) {
    ModelInfo model = require(name);
    String classes = model.conditional() ? condition : model.params().path("classes").asText();
    return Optional.of(ToyGroundTruth.get().mixture(ToyClass.valueOf(classes))::drawNoisy);
  }

  private ToyNetDenoiser load(String sha256) {
    ToyNetwork network = ToyNetwork.fromBytes(registry.bytes(sha256));
    if (!network.sha256().equals(sha256)) {
      throw new IllegalStateException("model file " + sha256 + " does not match its hash");
    }
    return new ToyNetDenoiser(network);
  }

  private ModelInfo require(String name) {
    return find(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "'"));
  }

  /** The registry also holds feature networks, which are not denoisers. */
  private static boolean isDenoiser(ModelRegistry.Registered model) {
    return model.kind().denoises();
  }

  private ModelInfo info(ModelRegistry.Registered model) {
    return new ModelInfo(
        model.name(),
        model.kind(),
        model.params().path("description").asText(""),
        model.sha256(),
        model.params().path("conditional").asBoolean(false),
        model.builtin(),
        model.params());
  }
}
