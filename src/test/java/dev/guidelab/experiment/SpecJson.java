package dev.guidelab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test builder for spec JSON: starts from the valid example and edits values at JSON-path-like
 * locations ({@code sweep[1].weights[2]}, {@code sampler.steps}), the same paths errors name.
 */
final class SpecJson {

  static final String EXAMPLE =
      """
      {
        "name": "cfg vs none on the toy",
        "main": "toy-oracle:A",
        "sweep": [
          {"method": "none"},
          {"method": "cfg", "guide": "toy-oracle:AB", "weights": [1.5, 2, 3, 4]}
        ],
        "sampler": {"steps": 32, "sigmaMin": 0.002, "sigmaMax": 5, "rho": 7, "order": 2, "churn": 0},
        "samples": 10000,
        "seed": 1,
        "metrics": ["log_likelihood", "outlier_fraction", "branch_tv", "branches_hit", "fd"]
      }
      """;

  // Exact decimals, so an edit such as 1e400 reaches the parser as written, not as "Infinity".
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private final ObjectNode root;

  private SpecJson(ObjectNode root) {
    this.root = root;
  }

  static SpecJson example() {
    return new SpecJson((ObjectNode) tree(EXAMPLE));
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets (or appends, at index = size) the value at {@code path} to the JSON {@code value}. */
  SpecJson set(String path, String value) {
    List<Object> steps = steps(path);
    JsonNode parent = navigate(steps.subList(0, steps.size() - 1));
    Object last = steps.get(steps.size() - 1);
    JsonNode node = tree(value);
    if (last instanceof String key) {
      ((ObjectNode) parent).set(key, node);
    } else {
      ArrayNode array = (ArrayNode) parent;
      int i = (Integer) last;
      if (i == array.size()) {
        array.add(node);
      } else {
        array.set(i, node);
      }
    }
    return this;
  }

  SpecJson remove(String path) {
    List<Object> steps = steps(path);
    JsonNode parent = navigate(steps.subList(0, steps.size() - 1));
    Object last = steps.get(steps.size() - 1);
    if (last instanceof String key) {
      ((ObjectNode) parent).remove(key);
    } else {
      ((ArrayNode) parent).remove((Integer) last);
    }
    return this;
  }

  String json() {
    return root.toPrettyString();
  }

  @Override
  public String toString() {
    return root.toString();
  }

  private JsonNode navigate(List<Object> steps) {
    JsonNode node = root;
    for (Object step : steps) {
      node = step instanceof String key ? node.get(key) : node.get((Integer) step);
    }
    return node;
  }

  private static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
    }
    return steps;
  }
}
