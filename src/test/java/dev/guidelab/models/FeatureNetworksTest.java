package dev.guidelab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureInputException;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.features.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalog over an in-memory store with {@code ModelRegistry}'s semantics (no database). */
class FeatureNetworksTest {

  /** Bytes by hash, names that never move: what {@code ModelRegistry} does in PostgreSQL. */
  static final class MemoryStore implements FeatureNetworks.Store {
    final Map<String, byte[]> files = new HashMap<>();
    final Map<String, FeatureNetworks.Entry> names = new HashMap<>();

    @Override
    public void register(
        String name, ModelKind kind, String sha256, byte[] bytes, JsonNode params) {
      files.putIfAbsent(sha256, bytes.clone());
      names.putIfAbsent(name, new FeatureNetworks.Entry(name, kind, sha256, params));
      if (!names.get(name).sha256().equals(sha256)) {
        throw new IllegalStateException("model name '" + name + "' already names other weights");
      }
    }

    @Override
    public Optional<FeatureNetworks.Entry> find(String name) {
      return Optional.ofNullable(names.get(name));
    }

    @Override
    public byte[] bytes(String sha256) {
      return files.get(sha256).clone();
    }
  }

  private final MemoryStore store = new MemoryStore();
  private final FeatureNetworks catalog = new FeatureNetworks(store, new ObjectMapper());

  @Test
  void registeredNetworkOpensByContentHashAndGivesTheSameFeatures() {
    byte[] bytes = Fixtures.network(Fixtures.INCEPTION);
    FeatureNetworks.Registered r =
        catalog.register("fid-test", bytes, FeatureContract.INCEPTION_V3_2015);
    assertEquals(Fixtures.expected(Fixtures.INCEPTION).get("sha256").asText(), r.sha256());
    assertEquals(ModelKind.FEATURE_NET, store.names.get("fid-test").kind());
    JsonNode c = Fixtures.expected(Fixtures.INCEPTION).get("cases").get(0);
    try (FeatureNetwork net = catalog.open(catalog.find("fid-test").orElseThrow())) {
      assertEquals(FeatureContract.INCEPTION_V3_2015, net.contract());
      Fixtures.assertClose(
          Fixtures.doubles(c.get("features")), net.extract(Fixtures.images(c)).values(), "opened");
    }
    // Idempotent for the same bytes.
    assertEquals(r, catalog.register("fid-test", bytes, FeatureContract.INCEPTION_V3_2015));
  }

  @Test
  void contractsSurviveTheStoredParams() {
    FeatureContract user =
        FeatureContract.floatImages(
            "clip-b32", 3, 96, 64, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.5, 1.0), 512);
    for (FeatureContract contract :
        List.of(FeatureContract.INCEPTION_V3_2015, FeatureContract.DINOV2_VITL14, user)) {
      JsonNode params = catalog.params(contract);
      assertTrue(params.get("description").asText().contains(contract.pipeline()));
      assertEquals(contract, catalog.contract(params));
    }
    assertEquals(
        "bicubic-aa-224x224/div255/mean[0.485,0.456,0.406]/std[0.229,0.224,0.225]",
        FeatureContract.DINOV2_VITL14.pipeline());
  }

  @Test
  void aNameNeverMovesToAnotherFile() {
    catalog.register("dino", Fixtures.network(Fixtures.DINOV2), FeatureContract.DINOV2_VITL14);
    byte[] other = Fixtures.network(Fixtures.INCEPTION);
    assertThrows(
        IllegalStateException.class,
        () -> catalog.register("dino", other, FeatureContract.INCEPTION_V3_2015));
  }

  @Test
  void networkThatBreaksItsContractIsNotRegistered() {
    FeatureContract wrongDim =
        FeatureContract.floatImages(
            "dinov2-vits14",
            3,
            224,
            224,
            FeatureContract.IMAGENET_MEAN,
            FeatureContract.IMAGENET_STD,
            384);
    FeatureInputException e =
        assertThrows(
            FeatureInputException.class,
            () -> catalog.register("small", Fixtures.network(Fixtures.DINOV2), wrongDim));
    assertEquals("network output", e.field());
    assertTrue(store.names.isEmpty());
  }

  @Test
  void aClassifierHeadOfAnotherNumberOfClassesIsNotRegistered() {
    byte[] file = ImageFixtures.file(ImageFixtures.CLASSIFIER);
    FeatureContract threeClasses =
        FeatureContract.uint8Images(
            "classifier", 3, FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES, 64, 3);
    FeatureInputException e =
        assertThrows(FeatureInputException.class, () -> catalog.register("c3", file, threeClasses));
    assertEquals(FeatureNetwork.CLASSIFIER_OUTPUT, e.field());
    assertEquals("[1, 2]", e.got());
    assertTrue(store.names.isEmpty());
    FeatureContract twoClasses =
        FeatureContract.uint8Images(
            "classifier", 3, FeatureContract.ForwardCall.TENSOR_RETURN_FEATURES, 64, 2);
    assertEquals(2, catalog.register("c2", file, twoClasses).contract().classes());
  }

  @Test
  void storedBytesThatNoLongerMatchTheirHashAreRefused() {
    FeatureNetworks.Registered r =
        catalog.register(
            "fid", Fixtures.network(Fixtures.INCEPTION), FeatureContract.INCEPTION_V3_2015);
    store.files.get(r.sha256())[100] ^= 1;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> catalog.open(r));
    assertTrue(e.getMessage().contains("content hash mismatch"), e.getMessage());
  }

  @Test
  void otherModelKindsAndUnknownNamesAreNotFeatureNetworks() {
    store.register(
        "toy-mlp:A",
        ModelKind.TOY_MLP,
        "abc",
        new byte[] {1},
        new ObjectMapper().createObjectNode());
    IllegalArgumentException kind =
        assertThrows(IllegalArgumentException.class, () -> catalog.find("toy-mlp:A"));
    assertEquals("model 'toy-mlp:A' is a toy-mlp, not a feature-net", kind.getMessage());
    assertTrue(catalog.find("nope").isEmpty());
  }

  @Test
  void invalidContractsNameTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FeatureContract.floatImages(
                    "x", 3, 224, 224, List.of(0.5), List.of(1.0, 1.0, 1.0), 8));
    assertEquals("feature contract mean: needs one value per channel (3)", e.getMessage());
  }
}
