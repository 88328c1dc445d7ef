package dev.guidelab.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.content.Hashes;
import dev.guidelab.metrics.ToyMetrics;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sweep point computes, as one content hash (docs/reuse.md): every input of its numbers but
 * the sample count — the pinned main model and the guides its guidance names, the guidance and its
 * parameters, the condition, the sampler, the metrics, the reference and the feature network (each
 * by content), its base seed, and {@link #NUMERICS}. Sample k of a point draws from (seed, k)
 * alone, so two points of equal content and equal sample count have equal results, bit for bit, and
 * the first {@code n} samples of a larger point are those of a point of {@code n}.
 *
 * <p>Model and reference names are part of the content as well as their hashes (a point's guidance
 * names its guide), so results are reused under the same names only.
 */
public final class PointContent {

  /**
   * The version of the numerics: bumped by every change to the sampler, a guidance rule, a metric
   * or a network's forward pass that changes a number a point reports, so that results computed
   * before it are never reused after it. Part of every content hash.
   */
  public static final int NUMERICS = 3;

  /**
   * The fewest samples of a completed point a point of more samples continues from (docs/reuse.md,
   * "Extension"): from there the k-NN metrics' kept set and the toy's preview are full, so the
   * state after them is that of the first samples of any larger point.
   */
  public static final int EXTEND_FROM = ToyMetrics.KNN_SAMPLES;

  private PointContent() {}

  /**
   * The content hash of a point of {@code sweep} with main model {@code main} (null: the sweep's),
   * {@code guidance} (its JSON form, naming the guides {@code guides}) and base seed {@code seed}:
   * lower-case hex SHA-256 of a JSON document holding {@link #NUMERICS} and those inputs, the
   * models pinned as {@code sweep} pinned them. A point of an EMA sweep's own main model has the
   * content of a point of an experiment whose main is that model.
   */
  public static String hash(
      ObjectMapper json,
      ResolvedSweep sweep,
      String main,
      Collection<String> guides,
      JsonNode guidance,
      long seed) {
    return hash(NUMERICS, json, sweep, main, guides, guidance, seed);
  }

  /** {@link #hash} under numerics version {@code numerics}. */
  static String hash(
      int numerics,
      ObjectMapper json,
      ResolvedSweep sweep,
      String main,
      Collection<String> guides,
      JsonNode guidance,
      long seed) {
    ObjectNode content = json.createObjectNode();
    content.put("numerics", numerics);
    content.put("kind", ResolvedSweep.KIND.name());
    ObjectNode resolved = json.valueToTree(sweep);
    // Only this point's models, and no sample count: a point of more samples extends it.
    resolved.set("main", json.valueToTree(sweep.main(main)));
    resolved.remove("mains");
    resolved.remove("guides");
    resolved.remove("samples");
    content.set("sweep", resolved);
    ObjectNode pinned = content.putObject("guides");
    for (String guide : guides) {
      pinned.set(guide, json.valueToTree(sweep.guide(guide)));
    }
    content.set("guidance", guidance);
    content.put("seed", seed);
    try {
      return Hashes.sha256(json.writeValueAsBytes(canonical(content)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a resolved sweep is always written as JSON", e);
    }
  }

  /**
   * {@code node} with every object's fields in name order: the api hashes a point's guidance as it
   * builds it, a worker as PostgreSQL's {@code jsonb} hands it back, in another order.
   */
  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> byName = new TreeMap<>();
      node.properties().forEach(field -> byName.put(field.getKey(), canonical(field.getValue())));
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      sorted.setAll(byName);
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(canonical(element)));
      return copy;
    }
    return node;
  }
}
