package dev.guidelab.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.db.Write;
import dev.guidelab.toynet.ToyNetInfo;
import dev.guidelab.toynet.ToyNetwork;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Registers toy networks in the {@link ModelRegistry} with their provenance. */
@ApplicationScoped
public class ToyModels {

  /** Registry kind of Guidelab-trained toy networks. */
  private final ModelRegistry registry;

  private final ObjectMapper json;

  public ToyModels(ModelRegistry registry, ObjectMapper json) {
    this.registry = registry;
    this.json = json;
  }

  /** Registers {@code network} as {@code name}; idempotent for the same weights. */
  public void register(
      String name, ToyNetwork network, String description, UUID trainingPointId, boolean builtin) {
    registry.register(
        name,
        ModelKind.TOY_MLP,
        network.sha256(),
        network.toBytes(),
        params(network, description),
        trainingPointId,
        builtin);
  }

  /**
   * Registers a post-hoc EMA reconstruction as {@code name}, its provenance under {@code postHoc}
   * ({@link PostHocModels}).
   */
  public void register(String name, ToyNetwork network, String description, ObjectNode postHoc) {
    ObjectNode params = params(network, description);
    params.set("postHoc", postHoc);
    registry.register(
        name, ModelKind.TOY_MLP, network.sha256(), network.toBytes(), params, null, false);
  }

  /** {@link #register} as a write in the caller's transaction. */
  public Write write(String name, ToyNetwork network, String description, UUID trainingPointId) {
    return registry.write(
        name,
        ModelKind.TOY_MLP,
        network.sha256(),
        network.toBytes(),
        params(network, description),
        trainingPointId,
        false);
  }

  private ObjectNode params(ToyNetwork network, String description) {
    ToyNetInfo info = network.info();
    ObjectNode params = json.createObjectNode();
    params.put("description", description);
    params.put("conditional", network.config().conditional());
    params.put("classes", info.classes().name());
    params.put("hidden", network.config().hidden());
    params.put("layers", network.config().layers());
    params.put("parameters", network.config().parameterCount());
    params.put("iteration", info.iteration());
    params.put("emaSigmaRel", info.emaSigmaRel());
    params.put("trainingSeed", info.trainingSeed());
    params.put("batchSize", info.batchSize());
    if (Double.isFinite(info.validationLoss())) {
      params.put("validationLoss", info.validationLoss());
    }
    return params;
  }
}
