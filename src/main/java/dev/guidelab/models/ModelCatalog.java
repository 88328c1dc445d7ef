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
 * networks by that hash, so a result always says which weights made it. A post-hoc EMA address
 * ({@link EmaAddress}) names a toy network that exists once it is pinned: {@link #pin} reconstructs
 * and registers it ({@link PostHocModels}).
 */
@ApplicationScoped
public class ModelCatalog {

  static final String ORACLE_PREFIX = "toy-oracle:";

  private final ModelRegistry registry;
  private final PostHocModels postHoc;
  private final Map<String, ModelInfo> oracles = new LinkedHashMap<>();
  // Loaded networks by content hash. A ToyNetDenoiser holds no native memory.
  private final Map<String, ToyNetDenoiser> networks = new ConcurrentHashMap<>();

  public ModelCatalog(ModelRegistry registry, PostHocModels postHoc, ObjectMapper json) {
    this.registry = registry;
    this.postHoc = postHoc;
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

  /** Whether {@code name} is a model, or a post-hoc EMA address that {@link #pin} can make one. */
  public boolean exists(String name) {
    return find(name).isPresent() || (EmaAddress.isAddress(name) && addressProblem(name).isEmpty());
  }

  /**
   * Why the post-hoc EMA address {@code name} names no network that can be reconstructed, for the
   * user; empty if it does, or if {@code name} is not an address.
   */
  public Optional<String> addressProblem(String name) {
    if (!EmaAddress.isAddress(name) || registry.find(name).isPresent()) {
      return Optional.empty();
    }
    try {
      postHoc.target(name);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Whether the existing model takes a condition (condition-changing guidance needs one). */
  public boolean conditional(String name) {
    Optional<ModelInfo> model = find(name);
    if (model.isEmpty() && EmaAddress.isAddress(name)) {
      try {
        return postHoc.conditional(postHoc.target(name)); // resolved once, not checked first
      } catch (IllegalArgumentException noReconstruction) {
        return false;
      }
    }
    return model.map(ModelInfo::conditional).orElse(false);
  }

  /**
   * Model {@code name} pinned by its current content hash, with what loading it needs: what an
   * accepted experiment records.
   *
   * @throws IllegalArgumentException if there is no such model, or no reconstruction at that
   *     address
   */
  public PinnedModel pin(String name) {
    if (EmaAddress.isAddress(name)) {
      postHoc.materialize(name);
    }
    ModelInfo model = require(name);
    return switch (model.kind()) {
      case ORACLE ->
          new PinnedModel(
              name,
              ModelKind.ORACLE,
              model.sha256(),
              ToyClass.valueOf(name.substring(ORACLE_PREFIX.length())),
              false,
              null);
      case TOY_MLP ->
          new PinnedModel(
              name,
              ModelKind.TOY_MLP,
              model.sha256(),
              ToyClass.valueOf(model.params().path("classes").asText()),
              model.conditional(),
              null);
      case TORCHSCRIPT ->
          new PinnedModel(
              name,
              ModelKind.TORCHSCRIPT,
              model.sha256(),
              null,
              model.conditional(),
              TorchScriptModels.shape(model.params()));
      case FEATURE_NET -> throw new IllegalArgumentException(name + " is a feature network");
    };
  }

  /** The sample shape of an image model, or empty for the toy's 2-D models. */
  public Optional<ImageShape> imageShape(String name) {
    return find(name)
        .filter(model -> model.kind() == ModelKind.TORCHSCRIPT)
        .map(model -> TorchScriptModels.shape(model.params()));
  }

  /**
   * The denoiser of a pinned model, loaded by its content hash (the name is not looked up). A
   * TorchScript model is loaded afresh for the caller, who closes it ({@link AutoCloseable}) and
   * uses it from one thread; toy networks hold no native memory and are shared.
   */
  public Denoiser denoiser(PinnedModel model) {
    return switch (model.kind()) {
      case ORACLE -> new ToyOracleDenoiser(model.classes());
      case TOY_MLP -> networks.computeIfAbsent(model.sha256(), this::load);
      case TORCHSCRIPT -> {
        byte[] bytes = registry.bytes(model.sha256());
        if (!Hashes.sha256(bytes).equals(model.sha256())) {
          throw new IllegalStateException(
              "model file " + model.sha256() + " does not match its hash");
        }
        yield TorchScriptDenoiser.load(bytes, model.image());
      }
      case FEATURE_NET -> throw new IllegalArgumentException(model.name() + " is not a denoiser");
    };
  }

  /**
   * Exact samples of the noisy ground truth a toy model was made for, for {@code start: "data"}:
   * its class, or for a conditional network the class {@code condition} names.
   */
  public static StartDistribution groundTruth(PinnedModel model, ToyClass condition) {
    ToyClass classes = model.conditional() ? condition : model.classes();
    return ToyGroundTruth.get().mixture(classes)::drawNoisy;
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
