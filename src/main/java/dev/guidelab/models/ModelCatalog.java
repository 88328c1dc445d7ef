package dev.guidelab.models;

import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.StartDistribution;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import dev.guidelab.toy.ToyOracleDenoiser;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a spec may name. For now the exact denoisers of the 2-D toy ground truth
 * (spec/toy.md): {@code toy-oracle:A}, {@code toy-oracle:B} and the union {@code toy-oracle:AB}.
 */
@ApplicationScoped
public class ModelCatalog {

  private static final String ORACLE_PREFIX = "toy-oracle:";
  private static final String GROUND_TRUTH_SHA256 = Hashes.sha256(ToyGroundTruth.resourceBytes());

  private final Map<String, ModelInfo> models = new LinkedHashMap<>();

  public ModelCatalog() {
    for (ToyClass c : ToyClass.values()) {
      String name = ORACLE_PREFIX + c.name();
      models.put(
          name,
          new ModelInfo(
              name,
              "oracle",
              2,
              "exact denoiser D*(x;σ) of the toy ground truth, class " + c.name()));
    }
  }

  public List<ModelInfo> list() {
    return List.copyOf(models.values());
  }

  public boolean exists(String name) {
    return models.containsKey(name);
  }

  /**
   * The content hash of each named model, for the experiment's reproducibility record. An oracle's
   * hash is that of the ground-truth file and its class.
   */
  public Map<String, String> resolve(List<String> names) {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String name : names) {
      hashes.put(name, Hashes.sha256(GROUND_TRUTH_SHA256 + ":" + toyClass(name).name()));
    }
    return hashes;
  }

  /**
   * Whether the model takes a condition ({@link Denoiser#conditionDim()} &gt; 0), which
   * condition-changing guidance (CFG without a separate guide, ICG, CADS) needs; the name must
   * exist.
   */
  public boolean conditional(String name) {
    return denoiser(name).conditionDim() > 0;
  }

  /** A fresh denoiser for {@code name}; the name must exist. */
  public Denoiser denoiser(String name) {
    return new ToyOracleDenoiser(toyClass(name));
  }

  /**
   * Exact samples of the model's noisy ground truth, for {@code start: "data"}; empty for models
   * without a known ground truth.
   */
  public Optional<StartDistribution> groundTruth(String name) {
    return Optional.of(ToyGroundTruth.get().mixture(toyClass(name))::drawNoisy);
  }

  private ToyClass toyClass(String name) {
    if (!exists(name)) {
      throw new IllegalArgumentException("unknown model '" + name + "'");
    }
    return ToyClass.valueOf(name.substring(ORACLE_PREFIX.length()));
  }
}
