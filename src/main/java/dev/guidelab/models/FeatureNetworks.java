package dev.guidelab.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.content.Hashes;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureInputException;
import dev.guidelab.features.FeatureNetwork;
import java.util.Optional;

/**
 * Feature networks by name, stored like trained models: the TorchScript bytes under their SHA-256,
 * a name pointing at them with kind {@code feature-net}, and the {@link FeatureContract} in the
 * params ({@code {"description": …, "contract": {…}}}). Registration loads the file and runs one
 * probe batch first, so only loadable networks that keep their contract get a name; opening
 * verifies the stored bytes against their hash again.
 *
 * <p>The ledger is reached through {@link Store}; {@link #store(ModelRegistry)} adapts the JDBC
 * {@link ModelRegistry}.
 */
public final class FeatureNetworks {

  /** The ledger operations this catalog uses (those of {@link ModelRegistry}). */
  public interface Store {
    /** Stores {@code bytes} under {@code sha256} and names them; a name never moves. */
    void register(String name, ModelKind kind, String sha256, byte[] bytes, JsonNode params);

    Optional<Entry> find(String name);

    byte[] bytes(String sha256);
  }

  /** A stored name. */
  public record Entry(String name, ModelKind kind, String sha256, JsonNode params) {}

  /**
   * A registered feature network, pinned by content hash: what an experiment or a reference
   * computation records, and all a worker needs to load it.
   */
  public record Registered(String name, String sha256, FeatureContract contract) {}

  private final Store store;
  private final ObjectMapper json;

  public FeatureNetworks(Store store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /** {@link ModelRegistry} as a {@link Store} (not built-in, no training point). */
  public static Store store(ModelRegistry registry) {
    return new Store() {
      @Override
      public void register(String name, ModelKind kind, String sha256, byte[] bytes, JsonNode p) {
        registry.register(name, kind, sha256, bytes, p, null, false);
      }

      @Override
      public Optional<Entry> find(String name) {
        return registry.find(name).map(m -> new Entry(m.name(), m.kind(), m.sha256(), m.params()));
      }

      @Override
      public byte[] bytes(String sha256) {
        return registry.bytes(sha256);
      }
    };
  }

  /**
   * Checks that {@code bytes} load and keep {@code contract} on a probe batch — features, and for a
   * contract with a classifier head finite logits of its K classes too — then stores them and names
   * them {@code name}. Idempotent for the same bytes.
   *
   * @throws IllegalArgumentException if the file does not load or breaks the contract; a {@link
   *     FeatureInputException} on {@value FeatureNetwork#CLASSIFIER_OUTPUT} if the head does
   * @throws IllegalStateException if {@code name} already names another file
   */
  public Registered register(String name, byte[] bytes, FeatureContract contract) {
    String sha256 = Hashes.sha256(bytes);
    FeatureNetwork.probe(bytes, sha256, contract);
    store.register(name, ModelKind.FEATURE_NET, sha256, bytes, params(contract));
    return new Registered(name, sha256, contract);
  }

  /** The feature network named {@code name}, if there is one. */
  public Optional<Registered> find(String name) {
    return store.find(name).map(this::registered);
  }

  /**
   * Loads a registered feature network from the bytes stored under its content hash (the name is
   * not looked up again), verified against that hash; the caller closes it.
   */
  public FeatureNetwork open(Registered network) {
    return FeatureNetwork.load(store.bytes(network.sha256()), network.sha256(), network.contract());
  }

  /** The params stored with a feature network: a description and the contract. */
  public JsonNode params(FeatureContract contract) {
    ObjectNode params = json.createObjectNode();
    params.put(
        "description",
        "feature network "
            + contract.name()
            + " ("
            + contract.dim()
            + "-D, pipeline "
            + contract.pipeline()
            + ")");
    params.set("contract", json.valueToTree(contract));
    return params;
  }

  /** The contract stored in {@code params}. */
  public FeatureContract contract(JsonNode params) {
    try {
      return json.treeToValue(params.get("contract"), FeatureContract.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("stored feature contract is not valid: " + e.getMessage());
    }
  }

  private Registered registered(Entry e) {
    if (e.kind() != ModelKind.FEATURE_NET) {
      throw new IllegalArgumentException(
          "model '"
              + e.name()
              + "' is a "
              + e.kind().wireName()
              + ", not a "
              + ModelKind.FEATURE_NET.wireName());
    }
    return new Registered(e.name(), e.sha256(), contract(e.params()));
  }
}
